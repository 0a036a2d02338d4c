import { analyzeBoard } from "./analyze";
import type { BoardAnalysis } from "./analysisTypes";
import type { Board, Field } from "./schema";

/*
 * The earlier schema versions of a board's events, found in its history: for each event whose
 * `version` is above 1, the payload it had at each lower version that a revision recorded (the
 * latest revision at that version wins: that is the shape last written under it). The TypeScript
 * contracts print them beside the current version with an upcaster signature from each to the
 * next, so code that reads old events from the store has their types.
 */

export interface EarlierVersion {
  readonly version: number;
  readonly payload: readonly Field[];
  /** The event type it was written with at that version (an event renamed since had another). */
  readonly eventType: string;
}

/**
 * Per event key (`nameKey`), its earlier versions in ascending order. `history` is the board's
 * earlier revisions, newest first; an event is matched by name, else by a sticky it shares (a
 * rename). Events at version 1, and versions no revision recorded, have no entry.
 */
export function earlierEventVersions(board: Board, history: readonly Board[], analysis: BoardAnalysis = analyzeBoard(board)): Map<string, EarlierVersion[]> {
  const wanted = analysis.events.filter((e) => e.version > 1);
  const found = new Map<string, Map<number, { payload: readonly Field[]; eventType: string }>>();
  for (const earlier of history) {
    if (wanted.every((e) => found.get(e.key)?.size === e.version - 1)) break;
    const events = analyzeBoard(earlier).events;
    for (const event of wanted) {
      const old = events.find((e) => e.key === event.key) ?? events.find((e) => e.nodeIds.some((id) => event.nodeIds.includes(id)));
      if (!old || old.version >= event.version) continue;
      const versions = found.get(event.key) ?? new Map<number, { payload: readonly Field[]; eventType: string }>();
      if (!versions.has(old.version)) versions.set(old.version, { payload: old.payload, eventType: old.eventType });
      found.set(event.key, versions);
    }
  }
  return new Map([...found].map(([key, versions]) => [key, [...versions].sort((a, b) => a[0] - b[0]).map(([version, v]) => ({ version, payload: v.payload, eventType: v.eventType }))]));
}

/** Whether any event of `board` is past version 1 (only then is history worth reading). */
export function hasVersionedEvents(board: Board): boolean {
  return board.nodes.some((n) => n.kind === "event" && (n.version ?? 1) > 1);
}
