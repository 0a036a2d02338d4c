import { kebabCase } from "../model/names";
import type { Board } from "../model/schema";

/** Slugs are cut to this many characters: 64 Hangul are 192 bytes, under every file system's 255. */
const MAX_SLUG_LENGTH = 64;

/**
 * The board's name as a file name stem: kebab case by the word rules of lib/model/names.ts
 * (`Order flow` -> `order-flow`, `주문 흐름` -> `주문-흐름`, emoji -> `u1f680`), so it holds only
 * letters and digits of any script and `-`, never a path separator or a dot; at most 64
 * characters. A name of nothing usable gives `board`.
 */
export function boardSlug(board: Pick<Board, "name">): string {
  const slug = [...kebabCase(board.name)].slice(0, MAX_SLUG_LENGTH).join("").replace(/-+$/u, "");
  return slug || "board";
}
