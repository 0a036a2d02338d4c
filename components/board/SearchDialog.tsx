"use client";
import { useMemo, useState } from "react";
import { KIND_META } from "@/lib/model/kinds";
import { frameFill } from "@/lib/model/boundedContexts";
import { useStrings } from "@/components/i18n/LocaleProvider";
import type { Board } from "@/lib/model/schema";
import { useEditor } from "./EditorContext";
import { searchItems, searchMatches } from "./search";
import styles from "./board.module.css";

const selectBoard = (s: { board: Board }) => s.board;

/** Ctrl/Cmd+K: find a sticky, a frame (by name) or a note (by text); Enter selects it and centres the view on it. */
export function SearchDialog({ onPick, onClose }: { onPick(id: string): void; onClose(): void }) {
  const board = useEditor(selectBoard);
  const { board: S, kinds, frames: F } = useStrings();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const items = useMemo(
    () =>
      searchItems(board, {
        sticky: (kind) => ({ label: kinds[kind], swatch: KIND_META[kind].fill }),
        frame: (frame) => ({ label: F.frameKind, swatch: frameFill(frame) }),
        note: () => ({ label: F.noteKind, swatch: "#eef1f6" }),
      }),
    [board, kinds, F],
  );
  const matches = useMemo(() => searchMatches(items, query).slice(0, 50), [items, query]);
  const pick = (i: number) => {
    const hit = matches[i];
    if (hit) onPick(hit.id);
  };
  return (
    <div className={styles.overlay} onMouseDown={onClose}>
      <div className={styles.search} role="dialog" aria-label={S.searchLabel} onMouseDown={(e) => e.stopPropagation()}>
        <input
          autoFocus
          className={styles.searchInput}
          placeholder={S.searchPlaceholder}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") onClose();
            if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, matches.length - 1));
            if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
            if (e.key === "Enter") pick(active);
          }}
        />
        <ul className={styles.searchList} role="listbox">
          {matches.map((item, i) => (
            <li
              key={item.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? styles.searchActive : undefined}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(i)}
            >
              <span className={styles.searchSwatch} style={{ background: item.swatch }} />
              <span className={styles.searchName}>{item.name}</span>
              <span className={styles.searchKind}>{item.label}</span>
            </li>
          ))}
          {matches.length === 0 && <li className={styles.searchEmpty}>{S.noMatch(query)}</li>}
        </ul>
      </div>
    </div>
  );
}
