"use client";
import { nameInputReason } from "@/lib/model/wellFormedText";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { memo, type CSSProperties } from "react";
import { NodeResizer, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { frameColor, frameFill } from "@/lib/model/boundedContexts";
import { LIMITS } from "@/lib/model/limits";
import { useEditorStore } from "@/components/board/EditorContext";
import type { FrameFlowNode } from "./flowTypes";
import { useReadOnly } from "./canvasMode";
import { useInlineEdit } from "./useInlineEdit";
import styles from "./frame.module.css";

const selectZoom = (s: ReactFlowState) => s.transform[2];
/**
 * The title keeps about its on-screen size when zoomed out (as Miro's frame titles do), so a
 * context's name stays readable at Fit; past this it grows no more.
 */
const MAX_TITLE_SCALE = 6;

/**
 * A bounded context on the canvas: a translucent rectangle in its colour behind the stickies,
 * its name above its top-left corner. Selected, it shows resize handles; dragged, it takes what
 * it holds along (Canvas.tsx).
 */
function FrameNodeView({ id, data, selected }: NodeProps<FrameFlowNode>) {
  const S = useStrings().frames;
  const { frame, stickies } = data;
  const readOnly = useReadOnly();
  const store = useEditorStore();
  const zoom = useStore(selectZoom);
  const edit = useInlineEdit(id, frame.name, readOnly);
  const scale = Math.min(MAX_TITLE_SCALE, Math.max(1, 1 / zoom));
  const save = (text: string) => {
    const name = text.trim();
    if (nameInputReason(name) === null && name.length <= LIMITS.nameLength && name !== frame.name) store.getState().patchFrame(id, (f) => ({ ...f, name }));
  };
  // Filled with a light tint of its colour (any #rrggbb: a black frame hid the arrows over it);
  // the colour as chosen still shows in the border.
  const style = { "--frame-color": frameFill(frame), "--frame-edge": frameColor(frame), "--title-scale": scale } as CSSProperties;
  return (
    <div
      className={`${styles.frame} ${selected ? styles.selected : ""}`}
      style={style}
      data-frame-id={id}
      data-stickies={stickies}
    >
      <NodeResizer
        isVisible={selected && !readOnly}
        minWidth={LIMITS.frameMinSize}
        minHeight={LIMITS.frameMinSize}
        maxWidth={LIMITS.frameSize}
        maxHeight={LIMITS.frameSize}
        color="#5f3dc4"
        handleClassName={styles.handle}
        onResizeEnd={(_, p) => store.getState().resizeFrame(id, { x: p.x, y: p.y }, { width: p.width, height: p.height })}
      />
      <div
        className={styles.title}
        style={{ maxWidth: Math.max(LIMITS.frameMinSize, frame.size.width / scale) }}
        title={readOnly ? frame.name : `${frame.name} · ${S.frameTitleHint}`}
        onDoubleClick={(e) => {
          e.stopPropagation();
          edit.start();
        }}
      >
        {edit.editing !== null ? (
          <input
            ref={edit.field as React.RefObject<HTMLInputElement>}
            className={`${styles.titleInput} nodrag`}
            aria-label={S.frameNameLabel}
            maxLength={LIMITS.nameLength}
            value={edit.editing}
            onChange={(e) => edit.setEditing(e.target.value)}
            onFocus={edit.onFocus}
            onBlur={() => edit.finish(save)}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.nativeEvent.isComposing) return;
              if (e.key === "Enter") edit.finish(save);
              if (e.key === "Escape") edit.stop();
            }}
          />
        ) : (
          <span className={styles.titleText} data-testid="frame-title">
            {frame.name}
          </span>
        )}
      </div>
    </div>
  );
}

export const FrameNode = memo(FrameNodeView);
