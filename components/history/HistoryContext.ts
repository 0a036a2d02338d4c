"use client";
import { createContext, useContext } from "react";
import type { HistoryView } from "./useHistoryView";

const HistoryContext = createContext<HistoryView | null>(null);

export const HistoryProvider = HistoryContext.Provider;

/** The workspace's history state (components/history/useHistoryView.ts). */
export function useHistory(): HistoryView {
  const history = useContext(HistoryContext);
  if (!history) throw new Error("useHistory must be used inside <HistoryProvider>");
  return history;
}
