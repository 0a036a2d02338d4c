"use client";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { localeCookie, type Locale } from "@/lib/i18n/locale";
import { DICTIONARIES, type Strings } from "./dictionaries";

interface LocaleState {
  readonly locale: Locale;
  setLocale(next: Locale): void;
}

const LocaleContext = createContext<LocaleState>({ locale: "en", setLocale: () => {} });

/**
 * The UI's language for everything below it. `initial` is what the server negotiated for this
 * request (app/layout.tsx), so the server's HTML and the first client render agree. Switching
 * keeps the choice in a cookie for this browser and re-renders in place: nothing on the page is
 * lost (the board saves as it is edited anyway); server-rendered parts (the page title) follow
 * through a refresh, which keeps client state.
 */
export function LocaleProvider({ initial, children }: { initial: Locale; children: ReactNode }) {
  const [locale, setState] = useState<Locale>(initial);
  const router = useRouter();
  const setLocale = useCallback(
    (next: Locale) => {
      document.cookie = localeCookie(next);
      document.documentElement.lang = next;
      setState(next);
      router.refresh();
    },
    [router],
  );
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

/** The UI's language and the way to change it. */
export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

/** Every UI string, in the UI's language: `useStrings().home.newBoard`. */
export function useStrings(): Strings {
  return DICTIONARIES[useContext(LocaleContext).locale];
}
