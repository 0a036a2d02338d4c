"use client";
import { LanguageSwitch } from "@/components/i18n/LanguageSwitch";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./HomeHeader.module.css";

/** The home page's title, tagline and the language switch. */
export function HomeHeader() {
  const { home: S } = useStrings();
  return (
    <header className={styles.header}>
      <div className={styles.brand}>
        <span className={styles.logo} aria-hidden="true">
          <span style={{ background: "#74C0FC" }} />
          <span style={{ background: "#FFE066" }} />
          <span style={{ background: "#FFA94D" }} />
        </span>
        <h1 className={styles.title}>{S.title}</h1>
        <LanguageSwitch className={styles.language} />
      </div>
      <p className={styles.tagline}>{S.tagline}</p>
    </header>
  );
}
