/**
 * Presence: who is on a board, where their pointer is, what they selected and what they see.
 * Sent as y-protocols awareness state; whatever arrives is read through `readPresence`, which
 * keeps only well-formed values (a name is text of at most 40 characters, a colour is #rrggbb),
 * so a hostile peer cannot put markup, CSS or a huge string on anyone's screen.
 */
export interface PresenceUser {
  name: string;
  /** `#rrggbb`. */
  color: string;
}

export interface PresenceState {
  user: PresenceUser;
  /** The pointer in flow coordinates, or null when it is off the canvas. */
  cursor: { x: number; y: number } | null;
  /** Selected sticky ids. */
  selection: string[];
  /** The canvas viewport (React Flow's x, y, zoom), for following someone. */
  viewport: { x: number; y: number; zoom: number } | null;
}

export interface Participant extends PresenceState {
  /** The peer's Yjs client id: stable while it stays connected. */
  clientId: number;
}

export const MAX_NAME_LENGTH = 40;

/** Distinct colours that read on the canvas's light background. */
export const PRESENCE_COLORS = ["#e03131", "#2f9e44", "#1971c2", "#f08c00", "#9c36b5", "#0c8599", "#c2255c", "#5f3dc4", "#66a80f", "#d9480f"] as const;

const COLOR = /^#[0-9a-f]{6}$/i;
const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** A user name as typed, cleaned: trimmed, one line, at most MAX_NAME_LENGTH characters; null when nothing is left. */
export function cleanName(name: string): string | null {
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim().slice(0, MAX_NAME_LENGTH);
  return cleaned === "" ? null : cleaned;
}

/**
 * A default identity: "Guest N" (`label` N: the UI's word for a guest, "게스트" in Korean) and a
 * colour, both from `random` (0 ≤ r < 1).
 */
export function guestUser(random: () => number, label = "Guest"): PresenceUser {
  return {
    name: `${label} ${1 + Math.floor(random() * 99)}`,
    color: PRESENCE_COLORS[Math.floor(random() * PRESENCE_COLORS.length)] ?? PRESENCE_COLORS[0],
  };
}

/** A peer's awareness state as presence, or null when it is not one (missing or malformed user). */
export function readPresence(state: unknown): PresenceState | null {
  if (typeof state !== "object" || state === null) return null;
  const s = state as Record<string, unknown>;
  const user = s.user as Record<string, unknown> | undefined;
  if (typeof user !== "object" || user === null || typeof user.name !== "string") return null;
  const name = cleanName(user.name);
  if (!name) return null;
  const color = typeof user.color === "string" && COLOR.test(user.color) ? user.color : PRESENCE_COLORS[0];
  const c = s.cursor as Record<string, unknown> | null | undefined;
  const cursor = c && finite(c.x) && finite(c.y) ? { x: c.x, y: c.y } : null;
  const selection = Array.isArray(s.selection) ? s.selection.filter((id): id is string => typeof id === "string" && id.length <= 64).slice(0, 500) : [];
  const v = s.viewport as Record<string, unknown> | null | undefined;
  const viewport = v && finite(v.x) && finite(v.y) && finite(v.zoom) && v.zoom > 0 ? { x: v.x, y: v.y, zoom: v.zoom } : null;
  return { user: { name, color }, cursor, selection, viewport };
}
