import { words } from "../model/names";

/**
 * A command or event name as words for prose: the words of lib/model's `words` (the same split
 * as event types and identifiers), the first capitalised and the rest lower-cased, so
 * `ReleaseInventory` reads "Release inventory" and `release inventory` reads the same. Scripts
 * without case are kept as they are (`재고 예약하기`); characters `words` escapes (emoji) stay
 * escaped (`u1f680`), as in event types.
 */
export function humanize(name: string): string {
  return words(name)
    .map((word, index) => (index === 0 ? capitalizeFirst(word) : word.toLowerCase()))
    .join(" ");
}

/** `release` -> `Release`, `HTTP` -> `Http`: the first character upper-cased, the rest lower. */
function capitalizeFirst(word: string): string {
  const first = String.fromCodePoint(word.codePointAt(0) ?? 0);
  return word.length === 0 ? "" : first.toUpperCase() + word.slice(first.length).toLowerCase();
}
