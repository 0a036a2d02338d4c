"use client";
import { createContext, useContext } from "react";
import type { Issue } from "@/lib/model/validate";

/**
 * The open board's validation findings, computed once by the workspace (on a deferred board) and
 * read by the Problems panel, the canvas badges and the inspector: one validation per edit.
 */
const IssuesContext = createContext<readonly Issue[]>([]);

export const IssuesProvider = IssuesContext.Provider;

export function useBoardIssues(): readonly Issue[] {
  return useContext(IssuesContext);
}
