/** The language switch's words; each language is named in itself, so anyone can find theirs. */
export const languageStrings = {
  label: "Language",
  names: { en: "EN", ko: "한국어" },
  /** The full name, for screen readers and the tooltip. */
  titles: { en: "English", ko: "한국어 (Korean)" },
} as const;
