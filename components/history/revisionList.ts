import type { RevisionInfo } from "@/lib/contracts/boards";

/** The revisions the History tab has loaded, newest first, and the `before` of the next older page (null: none older). */
export interface RevisionList {
  readonly revisions: readonly RevisionInfo[];
  readonly next: number | null;
}

export const EMPTY_LIST: RevisionList = { revisions: [], next: null };

/** How many revisions one page asks for. */
export const PAGE_SIZE = 50;

/** `list` with an older page (asked with `before: list.next`) added at its end. */
export function appendOlder(list: RevisionList, page: RevisionList): RevisionList {
  return { revisions: byRevision([...list.revisions, ...page.revisions]), next: page.next };
}

/**
 * `list` refreshed with the newest page (asked with no `before`): the new revisions join the top
 * and the older pages already loaded stay. When the page does not reach the list (more revisions
 * were saved meanwhile than one page holds), the list starts again from that page, so it never
 * has a hole.
 */
export function mergeNewest(list: RevisionList, page: RevisionList): RevisionList {
  // A page with no older one holds every kept revision: it is the whole list (retention may have dropped old ones).
  if (list.revisions.length === 0 || page.revisions.length === 0 || page.next === null) return page;
  const newestKnown = list.revisions[0]!.revision;
  const oldestFresh = page.revisions[page.revisions.length - 1]!.revision;
  if (oldestFresh > newestKnown + 1) return page;
  return { revisions: byRevision([...page.revisions, ...list.revisions]), next: list.next };
}

/** Newest first, one entry per revision (the first copy wins: callers put the fresher one first). */
function byRevision(revisions: readonly RevisionInfo[]): RevisionInfo[] {
  const one = new Map<number, RevisionInfo>();
  for (const r of revisions) if (!one.has(r.revision)) one.set(r.revision, r);
  return [...one.values()].sort((a, b) => b.revision - a.revision);
}

/** What a row's compare button compares: the newest row with the revision before it, any other with the newest. */
export function compareTargets(revision: number, newest: number): { from: number; to: number } | null {
  if (revision === newest) return revision > 1 ? { from: revision - 1, to: revision } : null;
  return { from: revision, to: newest };
}
