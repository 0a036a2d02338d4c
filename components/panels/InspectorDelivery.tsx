"use client";
import { useDeferredValue, useMemo } from "react";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "@/lib/model/defaults";
import { LIMITS } from "@/lib/model/limits";
import type { Board, BoardDelivery, BoardNode, ConsumerDelivery } from "@/lib/model/schema";
import { deriveTopology } from "@/lib/model/topology";
import { useEditorStore } from "@/components/board/EditorContext";
import {
  RETRY_KEYS,
  RETRY_RANGES,
  commandChannelOf,
  groupOfNode,
  groupProblem,
  parseRetryValue,
  policySummary,
  replyChannelOf,
  withBoardDelivery,
  withDeliveryKey,
  type RetryKey,
} from "./delivery";
import { DraftInput, FormRow, NumberDraft, OptionalTextInput, Section, withKey } from "./InspectorControls";
import styles from "./inspector.module.css";
import { useLocale, useStrings } from "@/components/i18n/LocaleProvider";
import type { InspectorStrings } from "./strings";

/** Stickies that consume messages, or take part in sagas: they have delivery settings. */
export type DeliveryNode = Extract<BoardNode, { kind: "service" | "policy" | "readModel" | "saga" | "aggregate" | "externalSystem" }>;

export function hasDelivery(node: BoardNode): node is DeliveryNode {
  return ["service", "policy", "readModel", "saga", "aggregate", "externalSystem"].includes(node.kind);
}

/** The retry value as typed, with the message the inspector shows for a refused one. */
function parseFor(key: RetryKey, S: InspectorStrings) {
  return (text: string): { ok: true; value: number | undefined } | { ok: false; message: string } => {
    const parsed = parseRetryValue(key, text);
    if (parsed.ok) return parsed;
    const { min, max } = RETRY_RANGES[key];
    const message = parsed.problem === "outOfRange" ? S.numberProblems.outOfRange(min, max) : S.numberProblems[parsed.problem];
    return { ok: false, message };
  };
}
/** The parsers of the retry inputs, one set per language (made once: the inputs keep their identity across renders). */
const PARSERS = new Map<InspectorStrings, Record<RetryKey, ReturnType<typeof parseFor>>>();
function parsersFor(S: InspectorStrings): Record<RetryKey, ReturnType<typeof parseFor>> {
  let parsers = PARSERS.get(S);
  if (!parsers) PARSERS.set(S, (parsers = Object.fromEntries(RETRY_KEYS.map((key) => [key, parseFor(key, S)])) as Record<RetryKey, ReturnType<typeof parseFor>>));
  return parsers;
}

/** "Up to 5 attempts, exponential backoff 200 ms → 1.6 s (×2, at most 30 s), plus up to 50% jitter", as the design document says it, in the UI's language. */
function useSummary(): (policy: RetryPolicy) => string {
  const { locale } = useLocale();
  return (policy) => policySummary(policy, locale);
}

interface RetryInputsProps {
  idPrefix: string;
  values: Partial<Record<RetryKey, number>> | undefined;
  /** The value in effect when a key is blank, shown in grey. */
  placeholders: RetryPolicy;
  onCommit(key: RetryKey, value: number | undefined): void;
}

/** The five retry keys, each blank unless set here. */
function RetryInputs({ idPrefix, values, placeholders, onCommit }: RetryInputsProps) {
  const S = useStrings().inspector;
  return (
    <div className={styles.pair}>
      {RETRY_KEYS.map((key) => (
        <FormRow key={key} label={S.retryLabels[key]} htmlFor={`${idPrefix}-${key}`}>
          <NumberDraft
            id={`${idPrefix}-${key}`}
            data-testid={`${idPrefix}-${key}`}
            inputMode={RETRY_RANGES[key].integer ? "numeric" : "decimal"}
            value={values?.[key]}
            placeholder={String(placeholders[key])}
            maxLength={9}
            parse={parsersFor(S)[key]}
            onCommit={(value) => onCommit(key, value)}
          />
        </FormRow>
      ))}
    </div>
  );
}

/**
 * A consumer's or participant's delivery: its consumer group, its retry overrides, and its
 * command or reply channel. Placeholders are what is in effect, read from `deriveTopology`.
 */
export function InspectorDelivery({ node, board }: { node: DeliveryNode; board: Board }) {
  const S = useStrings().inspector;
  const summary = useSummary();
  const store = useEditorStore();
  const id = node.id;
  const deferredBoard = useDeferredValue(board);
  const topology = useMemo(() => deriveTopology(deferredBoard), [deferredBoard]);
  const group = groupOfNode(topology, id);

  const patch = (update: (n: DeliveryNode) => DeliveryNode, mergeKey?: string) =>
    store.getState().patchNode(id, (n) => (hasDelivery(n) ? update(n) : n), mergeKey);
  const patchDelivery = <K extends keyof ConsumerDelivery>(key: K, value: ConsumerDelivery[K] | undefined, mergeKey?: string) =>
    patch((n) => withKey(n, "delivery", withDeliveryKey(n.delivery, key, value)), mergeKey);

  const participant = node.kind === "service" || node.kind === "aggregate" || node.kind === "externalSystem";
  const commandChannel = participant ? commandChannelOf(topology, node) : null;
  const replyChannel = node.kind === "saga" ? replyChannelOf(topology, node) : null;

  return (
    <Section title={S.delivery}>
      <FormRow
        label={S.consumerGroup}
        htmlFor={`inspector-group-${id}`}
        hint={group ? <code className={styles.example}>{S.deadLetters(group.dlq)}</code> : S.notAConsumer}
      >
        <DraftInput
          id={`inspector-group-${id}`}
          data-testid="delivery-group"
          value={node.delivery?.group ?? ""}
          placeholder={group?.name ?? ""}
          maxLength={LIMITS.nameLength}
          spellCheck={false}
          autoComplete="off"
          validate={(text) => (groupProblem(text) ? S.groupInvalid : null)}
          onCommit={(text) => patchDelivery("group", text === "" ? undefined : text, `delivery.group:${id}`)}
        />
      </FormRow>
      <RetryInputs
        idPrefix="delivery"
        values={node.delivery}
        placeholders={topology.defaults}
        onCommit={(key, value) => patchDelivery(key, value, `delivery.${key}:${id}`)}
      />
      <p className={styles.deliveryNote} data-testid="delivery-summary">
        {group ? summary(group.policy) : null}
        {group ? " \u00b7 " : null}
        {S.consumerRetryHint}
      </p>
      {participant ? (
        <FormRow label={S.commandChannel} htmlFor={`inspector-command-channel-${id}`} hint={commandChannel === null ? S.commandChannelUnused : undefined}>
          <OptionalTextInput
            id={`inspector-command-channel-${id}`}
            data-testid="delivery-command-channel"
            value={node.commandChannel}
            placeholder={commandChannel ?? ""}
            maxLength={LIMITS.shortTextLength}
            spellCheck={false}
            onCommit={(text) =>
              patch(
                (n) => (n.kind === "service" || n.kind === "aggregate" || n.kind === "externalSystem" ? withKey(n, "commandChannel", text) : n),
                `commandChannel:${id}`,
              )
            }
          />
        </FormRow>
      ) : null}
      {node.kind === "saga" ? (
        <FormRow label={S.replyChannel} htmlFor={`inspector-reply-channel-${id}`} hint={replyChannel === null ? S.replyChannelUnused : undefined}>
          <OptionalTextInput
            id={`inspector-reply-channel-${id}`}
            data-testid="delivery-reply-channel"
            value={node.replyChannel}
            placeholder={replyChannel ?? ""}
            maxLength={LIMITS.shortTextLength}
            spellCheck={false}
            onCommit={(text) => patch((n) => (n.kind === "saga" ? withKey(n, "replyChannel", text) : n), `replyChannel:${id}`)}
          />
        </FormRow>
      ) : null}
    </Section>
  );
}

/** The board's delivery defaults (`settings.delivery`), over the built-in ones. */
export function InspectorBoardDelivery({ board }: { board: Board }) {
  const S = useStrings().inspector;
  const summary = useSummary();
  const store = useEditorStore();
  const deferredBoard = useDeferredValue(board);
  const defaults = useMemo(() => deriveTopology(deferredBoard).defaults, [deferredBoard]);
  const commit = (key: RetryKey, value: number | undefined) => {
    const s = store.getState();
    const next = withBoardDelivery(s.board, withDeliveryKey<BoardDelivery, RetryKey>(s.board.settings?.delivery, key, value));
    if (next !== s.board) s.commit(next, `board:delivery.${key}`);
  };
  return (
    <Section title={S.deliveryDefaults}>
      <RetryInputs idPrefix="board-delivery" values={board.settings?.delivery} placeholders={DEFAULT_RETRY_POLICY} onCommit={commit} />
      <p className={styles.deliveryNote} data-testid="board-delivery-summary">
        {summary(defaults)} · {S.boardRetryHint}
      </p>
    </Section>
  );
}
