/*
 * Compatibility modes, as Confluent Schema Registry names them. A change can break readers in
 * two directions:
 *
 * - backward: readers on the NEW contract cannot read what was written with the OLD one (events
 *   already in the store, messages still in flight). BACKWARD mode forbids this: upgraded
 *   consumers must read old data.
 * - forward: readers still on the OLD contract cannot read what is written with the NEW one
 *   (deployed consumers reading new messages). FORWARD mode forbids this.
 *
 * FULL forbids both, and is the default: an event store keeps old events that new code must read,
 * and deployed consumers read new events. The `-transitive` forms check a board against every
 * earlier revision instead of only the one before it. `none` checks nothing (changes are still
 * listed).
 */

export const COMPAT_MODES = [
  "backward",
  "backward-transitive",
  "forward",
  "forward-transitive",
  "full",
  "full-transitive",
  "none",
] as const;
export type CompatMode = (typeof COMPAT_MODES)[number];

export const DEFAULT_COMPAT_MODE: CompatMode = "full";

/** A way a change can break readers (see the top of this file). */
export type BreakDirection = "backward" | "forward";

export function isCompatMode(value: unknown): value is CompatMode {
  return typeof value === "string" && (COMPAT_MODES as readonly string[]).includes(value);
}

/** The directions `mode` forbids. */
export function forbiddenDirections(mode: CompatMode): readonly BreakDirection[] {
  const base = mode.replace(/-transitive$/, "");
  if (base === "backward") return ["backward"];
  if (base === "forward") return ["forward"];
  if (base === "full") return ["backward", "forward"];
  return [];
}

/** Whether `mode` checks against every earlier revision rather than the previous one. */
export function isTransitive(mode: CompatMode): boolean {
  return mode.endsWith("-transitive");
}
