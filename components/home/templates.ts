import type { Board } from "@/lib/model/schema";
import { TEMPLATES } from "@/lib/model/template";

/** A template as the home page offers it: its id, name and size, and how to make the board. */
export interface TemplateChoice {
  readonly id: (typeof TEMPLATES)[number]["id"];
  readonly name: string;
  readonly stickies: number;
  create(): Board;
}

/** The built-in templates in `TEMPLATES` order, named after their boards. */
export function templateChoices(): TemplateChoice[] {
  return TEMPLATES.map((template) => {
    const board = template.create();
    return { id: template.id, name: board.name, stickies: board.nodes.length, create: template.create };
  });
}

/** The menu item that gets focus after `key` on item `current` of `count` (wrapping), or null for keys the menu ignores. */
export function menuFocusAfter(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return (current + 1) % count;
    case "ArrowUp":
      return (current - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
