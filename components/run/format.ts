/** Numbers and times as the run panels show them (tabular figures are the CSS's job). */

// Korean groups digits as English does (1,234), so one formatter serves both UI languages.
const INTEGER = new Intl.NumberFormat("en");

/** 12,345 */
export function formatCount(n: number | null | undefined): string {
  return typeof n === "number" && Number.isFinite(n) ? INTEGER.format(n) : "–";
}

/** A duration in ms, with the precision its size deserves: 0.42 ms, 4.2 ms, 123 ms, 1.23 s, 12.3 s, 2 min 5 s. */
export function formatDuration(ms: number | null | undefined): string {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return seconds === 60 ? `${minutes + 1} min` : seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** Wall-clock time of an epoch-ms instant, to the millisecond: 14:03:27.512 (local time, 24 h). */
export function formatClock(epochMs: number, timeZone?: string): string {
  if (!Number.isFinite(epochMs)) return "–";
  const d = new Date(epochMs);
  return `${clockFormat(timeZone).format(d)}.${String(d.getUTCMilliseconds()).padStart(3, "0")}`;
}

/** Building an Intl formatter costs far more than using one: one per time zone. */
const clockFormats = new Map<string, Intl.DateTimeFormat>();
function clockFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? "";
  let f = clockFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZone });
    clockFormats.set(key, f);
  }
  return f;
}

/** The wall-clock time of an ISO-8601 timestamp, as formatClock; the text itself when it does not parse. */
export function formatIsoClock(iso: string, timeZone?: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatClock(t, timeZone);
}

/** A probability as a percentage: 0.05 → 5%, 0.125 → 12.5%. */
export function formatPercent(p: number): string {
  return `${Number((p * 100).toFixed(2))}%`;
}

/** The first `n` characters of an id (uuids are unique long before their end), for narrow cells. */
export function shortId(id: string, n = 8): string {
  return id.length > n + 1 ? `${id.slice(0, n)}…` : id;
}

/** A fraction in [0, 1] for a progress bar (0 when the total is unknown). */
export function progressFraction(done: number, total: number): number {
  if (!(total > 0) || !Number.isFinite(done)) return 0;
  return Math.min(1, Math.max(0, done / total));
}
