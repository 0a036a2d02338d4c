import { cleanName, guestUser, PRESENCE_COLORS, type PresenceUser } from "../coedit/presence";

const KEY = "stormflow.user";

/**
 * Who this browser is on a co-edited board: kept in localStorage, and a fresh "Guest N" with a
 * colour the first time (never a blocking prompt; the top bar renames), `guestLabel` being the
 * UI's word for a guest. Once made, the name is the user's: it is kept (and stored with the
 * revisions they save) as it was made, whatever language the UI is in later.
 */
export function loadUser(guestLabel?: string): PresenceUser {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (raw) {
      const parsed = JSON.parse(raw) as { name?: unknown; color?: unknown };
      const name = typeof parsed.name === "string" ? cleanName(parsed.name) : null;
      const color = PRESENCE_COLORS.find((c) => c === parsed.color);
      if (name && color) return { name, color };
    }
  } catch {
    // Storage blocked or a broken value: a new guest.
  }
  const user = guestUser(Math.random, guestLabel);
  saveUser(user);
  return user;
}

export function saveUser(user: PresenceUser): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(user));
  } catch {
    // Storage blocked: the name lasts for this page only.
  }
}
