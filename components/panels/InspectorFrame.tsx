"use client";
import { looksBlank, nameInputReason } from "@/lib/model/wellFormedText";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { useMemo, useState } from "react";
import { FRAME_COLORS, frameColor, stickiesPerFrame } from "@/lib/model/boundedContexts";
import { LIMITS } from "@/lib/model/limits";
import { COLOR_PATTERN, type Board, type Frame } from "@/lib/model/schema";
import { TextInput } from "@/components/ui/TextInput";
import { useEditorStore } from "@/components/board/EditorContext";
import { DraftInput, FormRow, OptionalTextArea, withKey } from "./InspectorControls";
import type { InspectorStrings } from "./strings";
import styles from "./inspector.module.css";

const nameProblem = (S: InspectorStrings) => (text: string) => (looksBlank(text) ? S.nameRequired : nameInputReason(text));

/** One frame (a bounded context): its name, description and colour, and how many stickies it holds. */
export function InspectorFrame({ frame, board }: { frame: Frame; board: Board }) {
  const { inspector: S, frames: F } = useStrings();
  const store = useEditorStore();
  const id = frame.id;
  const patch = (update: (f: Frame) => Frame, mergeKey?: string) => store.getState().patchFrame(id, update, mergeKey);
  // Stickies at any depth (a sticky in a nested frame is in this context's area too), from the model's one rule.
  const stickies = useMemo(() => stickiesPerFrame(board).get(id) ?? 0, [board, id]);
  const color = frameColor(frame);

  return (
    <>
      <header className={styles.header}>
        <span className={styles.kindBar} style={{ background: color }} aria-hidden="true" />
        <div className={styles.headerLine}>
          <span className={styles.headerTitle}>{F.frameKind}</span>
          <code className={styles.nodeId} title={id}>
            {id}
          </code>
        </div>
        <p className={styles.headerMeta} data-testid="inspector-frame-count">
          {F.frameHolds(stickies)}
        </p>
      </header>
      <div className={styles.body}>
        <FormRow label={S.name} htmlFor={`inspector-name-${id}`}>
          <DraftInput
            id={`inspector-name-${id}`}
            data-testid="inspector-name"
            value={frame.name}
            maxLength={LIMITS.nameLength}
            counterBelow={20}
            validate={nameProblem(S)}
            onCommit={(name) => patch((f) => ({ ...f, name }), `name:${id}`)}
          />
        </FormRow>
        <FormRow label={S.description} htmlFor={`inspector-description-${id}`}>
          <OptionalTextArea
            id={`inspector-description-${id}`}
            data-testid="inspector-description"
            value={frame.description}
            maxLength={LIMITS.descriptionLength}
            placeholder={F.frameDescriptionPlaceholder}
            rows={2}
            onCommit={(description) => patch((f) => withKey(f, "description", description), `description:${id}`)}
          />
        </FormRow>
        <FrameColor key={color} color={color} onPick={(c) => patch((f) => ({ ...f, color: c }), `color:${id}`)} />
        <p className={styles.emptyHint}>{F.frameDeleteHint}</p>
      </div>
    </>
  );
}

/** The palette's swatches, and the current value as text (any `#rrggbb`; anything else is refused in place). */
function FrameColor({ color, onPick }: { color: string; onPick(color: string): void }) {
  const F = useStrings().frames;
  const [draft, setDraft] = useState(color);
  const valid = COLOR_PATTERN.test(draft);
  return (
    <FormRow label={F.color} htmlFor="inspector-frame-color" hint={valid ? undefined : <span role="alert">{F.colorInvalid}</span>}>
      <div className={styles.swatches} role="radiogroup" aria-label={F.color}>
        {FRAME_COLORS.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={c.toLowerCase() === color.toLowerCase()}
            aria-label={F.colorSwatch(c)}
            title={c}
            className={styles.swatch}
            style={{ background: c }}
            data-testid={`frame-color-${c}`}
            onClick={() => onPick(c)}
          />
        ))}
      </div>
      <TextInput
        compact
        id="inspector-frame-color"
        data-testid="inspector-frame-color"
        value={draft}
        maxLength={7}
        invalid={!valid}
        spellCheck={false}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setDraft(text);
          if (COLOR_PATTERN.test(text)) onPick(text);
        }}
        onBlur={() => setDraft(color)}
      />
    </FormRow>
  );
}
