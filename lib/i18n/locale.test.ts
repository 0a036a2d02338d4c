import { describe, expect, it } from "vitest";
import { LOCALE_COOKIE, localeCookie, localeFromAcceptLanguage, negotiateLocale } from "./locale";

describe("localeFromAcceptLanguage", () => {
  it("takes Korean from a Korean browser, in any region or case", () => {
    expect(localeFromAcceptLanguage("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("ko");
    expect(localeFromAcceptLanguage("KO")).toBe("ko");
  });
  it("takes English from an English browser", () => {
    expect(localeFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
  });
  it("orders by quality, then by the header's order", () => {
    expect(localeFromAcceptLanguage("en;q=0.5,ko;q=0.8")).toBe("ko");
    expect(localeFromAcceptLanguage("ko;q=0.8,en;q=0.8")).toBe("ko");
    expect(localeFromAcceptLanguage("en;q=0.8,ko;q=0.8")).toBe("en");
  });
  it("skips languages it does not have, and refused ones (q=0)", () => {
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,ko;q=0.5")).toBe("ko");
    expect(localeFromAcceptLanguage("ko;q=0,en;q=0.1")).toBe("en");
  });
  it("falls back to English for nothing, an empty header or only unknown languages", () => {
    expect(localeFromAcceptLanguage(undefined)).toBe("en");
    expect(localeFromAcceptLanguage("")).toBe("en");
    expect(localeFromAcceptLanguage("*")).toBe("en");
    expect(localeFromAcceptLanguage("de,ja;q=0.9")).toBe("en");
  });
});

describe("negotiateLocale", () => {
  it("lets the switch's cookie win over the browser's language", () => {
    expect(negotiateLocale({ cookie: "en", acceptLanguage: "ko-KR" })).toBe("en");
    expect(negotiateLocale({ cookie: "KO", acceptLanguage: "en" })).toBe("ko");
    expect(negotiateLocale({ cookie: "ko<script>", acceptLanguage: "en" })).toBe("en");
    expect(negotiateLocale({ cookie: "ko", acceptLanguage: "en-US" })).toBe("ko");
  });
  it("ignores a cookie that names no language of ours", () => {
    expect(negotiateLocale({ cookie: "fr", acceptLanguage: "ko-KR" })).toBe("ko");
    expect(negotiateLocale({ cookie: "", acceptLanguage: null })).toBe("en");
  });
});

describe("localeCookie", () => {
  it("keeps the choice for a year, for every page, same-site", () => {
    expect(localeCookie("ko")).toBe(`${LOCALE_COOKIE}=ko; Path=/; Max-Age=31536000; SameSite=Lax`);
  });
});
