"use client";
import { LOCALES } from "@/lib/i18n/locale";
import { useLocale, useStrings } from "./LocaleProvider";
import styles from "./LanguageSwitch.module.css";

/** EN | 한국어: the UI's language for this browser (a cookie), switched in place. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { locale, setLocale } = useLocale();
  const { language: S } = useStrings();
  return (
    <div className={[styles.switch, className].filter(Boolean).join(" ")} role="radiogroup" aria-label={S.label} data-testid="language-switch">
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={locale === option}
          lang={option}
          title={S.titles[option]}
          data-lang={option}
          className={locale === option ? styles.active : styles.option}
          onClick={() => {
            if (option !== locale) setLocale(option);
          }}
        >
          {S.names[option]}
        </button>
      ))}
    </div>
  );
}
