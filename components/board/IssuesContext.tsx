"use client";
import { createContext, useContext } from "react";
import type { BoardAnalysis } from "@/lib/model";
import type { Issue } from "@/lib/model/validate";

/**
 * The open board's validation findings and flow analysis, computed once per edit by the workspace
 * (on a deferred board, and not again for a move that changes only positions) and read by every
 * panel: the Problems panel, the canvas badges, the inspector and the Run form.
 */
const IssuesContext = createContext<readonly Issue[]>([]);
const AnalysisContext = createContext<BoardAnalysis | null>(null);

export const IssuesProvider = IssuesContext.Provider;
export const AnalysisProvider = AnalysisContext.Provider;

export function useBoardIssues(): readonly Issue[] {
  return useContext(IssuesContext);
}

/** The open board's analysis (null outside a board page). */
export function useBoardAnalysis(): BoardAnalysis | null {
  return useContext(AnalysisContext);
}
