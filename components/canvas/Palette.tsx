"use client";
import { KIND_META, NODE_KINDS } from "@/lib/model/kinds";
import { useEditorStore } from "@/components/board/EditorContext";
import { KIND_DRAG_TYPE } from "./Canvas";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./palette.module.css";

/** The ten sticky kinds: drag one onto the canvas, click to add at the centre, or press its key over the canvas. */
export function Palette({ center }: { center: () => { x: number; y: number } }) {
  const store = useEditorStore();
  const { board: S, kinds } = useStrings();
  return (
    <nav className={styles.palette} aria-label={S.palette}>
      <div className={styles.title}>{S.paletteTitle}</div>
      {NODE_KINDS.map((kind) => {
        const meta = KIND_META[kind];
        return (
          <button
            key={kind}
            type="button"
            className={styles.item}
            draggable
            data-palette-kind={kind}
            title={S.paletteItemTitle(kinds[kind], meta.keyShortcut)}
            onDragStart={(e) => {
              e.dataTransfer.setData(KIND_DRAG_TYPE, kind);
              e.dataTransfer.effectAllowed = "copy";
            }}
            onClick={() => store.getState().addNode(kind, center())}
          >
            <span className={styles.swatch} style={{ background: meta.fill }} />
            <span className={styles.label}>{kinds[kind]}</span>
            <kbd className={styles.key}>{meta.keyShortcut}</kbd>
          </button>
        );
      })}
    </nav>
  );
}
