"use client";
import { FRAME_COLORS } from "@/lib/model/boundedContexts";
import { KIND_META, NODE_KINDS } from "@/lib/model/kinds";
import { useEditorStore } from "@/components/board/EditorContext";
import { FRAME_KEY, NOTE_KEY } from "@/components/board/shortcuts";
import { FRAME_DRAG_VALUE, KIND_DRAG_TYPE, NOTE_DRAG_VALUE } from "./Canvas";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./palette.module.css";

export interface PaletteProps {
  /** The flow position at the centre of the canvas (where a click adds). */
  center(): { x: number; y: number };
  /** A sticky's measured size, for a frame drawn around the selection. */
  sizeOf(id: string): { width: number; height: number } | undefined;
}

/**
 * The ten sticky kinds, then a frame and a note: drag one onto the canvas, click to add at the
 * centre (a frame clicked with stickies selected is drawn around them), or press its key over the canvas.
 */
export function Palette({ center, sizeOf }: PaletteProps) {
  const store = useEditorStore();
  const { board: S, kinds, frames: F } = useStrings();
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
      <div className={styles.title}>{F.paletteSection}</div>
      <button
        type="button"
        className={styles.item}
        draggable
        data-palette-kind="frame"
        title={F.frameHint(FRAME_KEY)}
        onDragStart={(e) => {
          e.dataTransfer.setData(KIND_DRAG_TYPE, FRAME_DRAG_VALUE);
          e.dataTransfer.effectAllowed = "copy";
        }}
        onClick={() => {
          const c = center();
          store.getState().addFrame({ x: c.x - 200, y: c.y - 140 }, sizeOf, F.defaultFrameName);
        }}
      >
        <span className={`${styles.swatch} ${styles.frameSwatch}`} style={{ background: FRAME_COLORS[0] }} />
        <span className={styles.label}>{F.frame}</span>
        <kbd className={styles.key}>{FRAME_KEY}</kbd>
      </button>
      <button
        type="button"
        className={styles.item}
        draggable
        data-palette-kind="note"
        title={F.noteHint(NOTE_KEY)}
        onDragStart={(e) => {
          e.dataTransfer.setData(KIND_DRAG_TYPE, NOTE_DRAG_VALUE);
          e.dataTransfer.effectAllowed = "copy";
        }}
        onClick={() => store.getState().addNote(center(), F.defaultNoteText)}
      >
        <span className={`${styles.swatch} ${styles.noteSwatch}`} />
        <span className={styles.label}>{F.note}</span>
        <kbd className={styles.key}>{NOTE_KEY}</kbd>
      </button>
    </nav>
  );
}
