"use client";
import { createContext, useContext } from "react";

/** How a compared contract's sticky is outlined: red breaking, amber otherwise (components/history). */
export type StickyHighlight = "breaking" | "changed";

const NO_HIGHLIGHTS: ReadonlyMap<string, StickyHighlight> = new Map();

/** True while the canvas shows a board that may not be edited (an old revision). */
export const ReadOnlyContext = createContext(false);
/** The stickies outlined while a comparison is open, by sticky id. */
export const HighlightContext = createContext<ReadonlyMap<string, StickyHighlight>>(NO_HIGHLIGHTS);

export function useReadOnly(): boolean {
  return useContext(ReadOnlyContext);
}

export function useStickyHighlight(id: string): StickyHighlight | undefined {
  return useContext(HighlightContext).get(id);
}
