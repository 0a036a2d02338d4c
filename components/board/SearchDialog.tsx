"use client";
import { useMemo, useState } from "react";
import { KIND_META } from "@/lib/model/kinds";
import { useStrings } from "@/components/i18n/LocaleProvider";
import type { BoardNode } from "@/lib/model/schema";
import { useEditor } from "./EditorContext";
import styles from "./board.module.css";

const selectNodes = (s: { board: { nodes: BoardNode[] } }) => s.board.nodes;

/** Ctrl/Cmd+K: find a sticky by name; Enter selects it and centres the view on it. */
export function SearchDialog({ onPick, onClose }: { onPick(id: string): void; onClose(): void }) {
  const nodes = useEditor(selectNodes);
  const { board: S, kinds } = useStrings();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    // By name, or by kind as the palette names it in either language ("read model", "읽기 모델") or as the file does ("readModel").
    const hit = (n: (typeof nodes)[number]) =>
      n.name.toLowerCase().includes(q) || n.kind.toLowerCase().includes(q) || KIND_META[n.kind].label.toLowerCase().includes(q) || kinds[n.kind].toLowerCase().includes(q);
    return (q ? nodes.filter(hit) : nodes).slice(0, 50);
  }, [nodes, query, kinds]);
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
          {matches.map((n, i) => (
            <li
              key={n.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? styles.searchActive : undefined}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(i)}
            >
              <span className={styles.searchSwatch} style={{ background: KIND_META[n.kind].fill }} />
              <span className={styles.searchName}>{n.name}</span>
              <span className={styles.searchKind}>{kinds[n.kind]}</span>
            </li>
          ))}
          {matches.length === 0 && <li className={styles.searchEmpty}>{S.noMatch(query)}</li>}
        </ul>
      </div>
    </div>
  );
}
