"use client";
import { looksBlank, nameInputReason } from "@/lib/model/wellFormedText";
import { eventTypeStyleOf } from "@/lib/model/defaults";
import { LIMITS } from "@/lib/model/limits";
import { eventTypeOf } from "@/lib/model/names";
import { EVENT_TYPE_STYLES, type Board, type EventTypeStyle } from "@/lib/model/schema";
import { Select } from "@/components/ui/Select";
import { useEditorStore } from "@/components/board/EditorContext";
import { DraftInput, FormRow, OptionalTextArea, withKey } from "./InspectorControls";
import { InspectorBoardDelivery } from "./InspectorDelivery";
import styles from "./inspector.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";
import type { InspectorStrings } from "./strings";

const styleOptions = (S: InspectorStrings) => EVENT_TYPE_STYLES.map((v) => ({ value: v, label: S.eventTypeStyleOptions[v] }));
const nameProblem = (S: InspectorStrings) => (text: string) => (looksBlank(text) ? S.nameRequired : nameInputReason(text));

/** Nothing selected: the board's own name, description and settings. */
export function InspectorBoard({ board }: { board: Board }) {
  const S = useStrings().inspector;
  const store = useEditorStore();
  const commitBoard = (update: (b: Board) => Board, mergeKey?: string) => {
    const s = store.getState();
    const next = update(s.board);
    if (next !== s.board) s.commit(next, mergeKey);
  };

  const style = eventTypeStyleOf(board);
  const firstEvent = board.nodes.find((n) => n.kind === "event");
  const exampleName = firstEvent?.name ?? "OrderPlaced";

  return (
    <>
      <header className={styles.header}>
        <span className={styles.kindBar} style={{ background: "var(--accent)" }} aria-hidden="true" />
        <div className={styles.headerLine}>
          <span className={styles.headerTitle}>{S.board}</span>
          <span className={styles.headerMeta}>{S.boardStats(board.nodes.length, board.edges.length)}</span>
        </div>
      </header>
      <div className={styles.body}>
        <FormRow label={S.name} htmlFor="inspector-board-name">
          <DraftInput
            id="inspector-board-name"
            data-testid="inspector-board-name"
            value={board.name}
            maxLength={LIMITS.nameLength}
            counterBelow={20}
            validate={nameProblem(S)}
            onCommit={(name) => commitBoard((b) => ({ ...b, name }), "board:name")}
          />
        </FormRow>
        <FormRow label={S.description} htmlFor="inspector-board-description">
          <OptionalTextArea
            id="inspector-board-description"
            data-testid="inspector-board-description"
            value={board.description}
            maxLength={LIMITS.descriptionLength}
            placeholder={S.boardDescriptionPlaceholder}
            rows={board.description && board.description.length > 120 ? 6 : 3}
            onCommit={(description) => commitBoard((b) => withKey(b, "description", description), "board:description")}
          />
        </FormRow>
        <FormRow
          label={S.eventTypeStyle}
          htmlFor="inspector-event-type-style"
          hint={<code className={styles.example}>{S.eventTypeExample(exampleName, eventTypeOf(exampleName, style))}</code>}
        >
          <Select
            compact
            id="inspector-event-type-style"
            data-testid="inspector-event-type-style"
            value={style}
            options={styleOptions(S)}
            onChange={(event) => {
              const eventTypeStyle = event.currentTarget.value as EventTypeStyle;
              commitBoard((b) => (b.settings?.eventTypeStyle === eventTypeStyle ? b : { ...b, settings: { ...b.settings, eventTypeStyle } }));
            }}
          />
        </FormRow>
        <InspectorBoardDelivery board={board} />
        <p className={styles.emptyHint}>{S.boardHint}</p>
      </div>
    </>
  );
}
