"use client";
import { useMemo } from "react";
import { useLocale, useStrings } from "@/components/i18n/LocaleProvider";
import { absoluteTime, relativeTime } from "./relativeTime";

/** relativeTime and absoluteTime in the UI's language (the server and the browser then agree on it). */
export function useTimes(): { relative(iso: string, now: number): string; absolute(iso: string): string } {
  const { locale } = useLocale();
  const words = useStrings().home;
  return useMemo(
    () => ({ relative: (iso, now) => relativeTime(iso, now, locale, words), absolute: (iso) => absoluteTime(iso, locale) }),
    [locale, words],
  );
}
