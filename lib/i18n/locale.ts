/*
 * The UI's language: English or Korean. Chosen once per request on the server (so the first
 * render is already in the right language, with no flash and no hydration mismatch): the switch's
 * cookie if the browser has one, else the browser's language (its Accept-Language header).
 * Pure, so the choice is tested without a server.
 */

/** The languages the UI is written in. */
export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

/** The cookie the language switch sets; kept per browser for a year. */
export const LOCALE_COOKIE = "stormflow-lang";
const ONE_YEAR_S = 365 * 24 * 60 * 60;

/** Type guard: is `value` one of {@link LOCALES}? */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language of the browser's Accept-Language header: the first language range we have,
 * by quality (`ko-KR,ko;q=0.9,en;q=0.8` -> ko). Ranges we do not have are skipped, so
 * `fr,ko;q=0.5` is Korean; nothing we have is English.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split("-")[0] ?? "", quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0)
    // Highest quality first; equal qualities keep the header's order.
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranges.map((r) => r.primary).find(isLocale) ?? DEFAULT_LOCALE;
}

/** The UI language for a request: the switch's cookie wins, then the browser's language, then English. */
export function negotiateLocale(input: { cookie?: string | null; acceptLanguage?: string | null }): Locale {
  // `KO` from a hand-edited cookie means Korean too: language tags are case-insensitive.
  const cookie = input.cookie?.trim().toLowerCase();
  return isLocale(cookie) ? cookie : localeFromAcceptLanguage(input.acceptLanguage);
}

/** The `document.cookie` assignment that keeps `locale` for this browser (a year, every path, same site). */
export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax`;
}
