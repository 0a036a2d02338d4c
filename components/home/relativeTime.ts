import { homeStrings, type HomeStrings } from "./strings";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The words relativeTime uses, from the home page's strings in the UI's language. */
export type RelativeWords = Pick<HomeStrings, "inTheFuture" | "justNow" | "minutesAgo" | "hoursAgo" | "yesterday" | "daysAgo">;

/** "just now", "2 min ago", "3 hours ago", "yesterday", "5 days ago", then the date (in `locale`). */
export function relativeTime(iso: string, now: number, locale?: string, S: RelativeWords = homeStrings): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const diff = now - then;
  if (diff < 45_000) return diff < -60_000 ? S.inTheFuture : S.justNow;
  if (diff < HOUR) return S.minutesAgo(Math.max(1, Math.round(diff / MINUTE)));
  if (diff < DAY) return S.hoursAgo(Math.floor(diff / HOUR));
  if (diff < 2 * DAY) return S.yesterday;
  if (diff < 7 * DAY) return S.daysAgo(Math.floor(diff / DAY));
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(then);
}

/** The full date and time, for a tooltip. */
export function absoluteTime(iso: string, locale?: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "medium" }).format(then);
}
