"use client";
import { looksBlank, nameInputReason } from "@/lib/model/wellFormedText";
import { useDeferredValue, useMemo } from "react";
import { analyzeBoard } from "@/lib/model/analyze";
import { boundedContexts } from "@/lib/model/boundedContexts";
import { eventOutcome, eventScope, serviceConsistency } from "@/lib/model/defaults";
import { KIND_META, type NodeKind } from "@/lib/model/kinds";
import { LIMITS } from "@/lib/model/limits";
import {
  CONSISTENCIES,
  EVENT_OUTCOMES,
  EVENT_SCOPES,
  type Board,
  type BoardNode,
  type Consistency,
  type EventNode,
  type EventOutcome,
  type EventScope,
  type Field,
  type NodeOfKind,
} from "@/lib/model/schema";
import { KindChip } from "@/components/ui/KindChip";
import { Select } from "@/components/ui/Select";
import { TextInput } from "@/components/ui/TextInput";
import { useEditorStore } from "@/components/board/EditorContext";
import { useBoardAnalysis } from "@/components/board/IssuesContext";
import { FieldsEditor } from "./FieldsEditor";
import { DraftInput, FormRow, OptionalTextArea, OptionalTextInput, Section, withKey } from "./InspectorControls";
import { partitionKeyChoices } from "./delivery";
import { InspectorDelivery, hasDelivery } from "./InspectorDelivery";
import { InspectorSaga } from "./InspectorSaga";
import styles from "./inspector.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";
import type { InspectorStrings } from "./strings";

const scopeOptions = (S: InspectorStrings) => EVENT_SCOPES.map((v) => ({ value: v, label: S.scopeOptions[v] }));
const outcomeOptions = (S: InspectorStrings) => EVENT_OUTCOMES.map((v) => ({ value: v, label: S.outcomeOptions[v] }));
const consistencyOptions = (S: InspectorStrings) => CONSISTENCIES.map((v) => ({ value: v, label: S.consistencyOptions[v] }));

const nameProblem = (S: InspectorStrings) => (text: string) => (looksBlank(text) ? S.nameRequired : nameInputReason(text));
const versionProblem = (S: InspectorStrings) => (text: string) =>
  text === "" || (/^\d+$/.test(text) && Number(text) >= 1 && Number.isSafeInteger(Number(text))) ? null : S.versionInvalid;

/** One sticky, editable. Keyed by the node id, so drafts never leak from one sticky to the next. */
export function InspectorNode({ node, board }: { node: BoardNode; board: Board }) {
  const S = useStrings().inspector;
  const store = useEditorStore();
  const id = node.id;

  const patch = (update: (n: BoardNode) => BoardNode, mergeKey?: string) => store.getState().patchNode(id, update, mergeKey);
  /** Patches the node as its own kind (it cannot change kind, so the guard only narrows). */
  function patchAs<K extends NodeKind>(kind: K, update: (n: NodeOfKind<K>) => NodeOfKind<K>, mergeKey?: string) {
    patch((n) => (n.kind === kind ? update(n as NodeOfKind<K>) : n), mergeKey);
  }
  const fieldsMergeKey = (mk: string | undefined) => (mk ? `${id}:${mk}` : undefined);

  const integration = node.kind === "event" && eventScope(node) === "integration";

  return (
    <>
      <header className={styles.header}>
        <span className={styles.kindBar} style={{ background: KIND_META[node.kind].fill }} aria-hidden="true" />
        <div className={styles.headerLine}>
          <KindChip kind={node.kind} dashed={integration} label={integration ? S.integrationEvent : undefined} />
          <code className={styles.nodeId} title={id}>
            {id}
          </code>
        </div>
        <StickyContext board={board} id={id} />
      </header>
      <div className={styles.body}>
        <FormRow label={S.name} htmlFor={`inspector-name-${id}`}>
          <DraftInput
            id={`inspector-name-${id}`}
            data-testid="inspector-name"
            value={node.name}
            maxLength={LIMITS.nameLength}
            counterBelow={20}
            validate={nameProblem(S)}
            onCommit={(name) => patch((n) => ({ ...n, name }), `name:${id}`)}
          />
        </FormRow>
        <FormRow label={S.description} htmlFor={`inspector-description-${id}`}>
          <OptionalTextArea
            id={`inspector-description-${id}`}
            data-testid="inspector-description"
            value={node.description}
            maxLength={LIMITS.descriptionLength}
            placeholder={S.descriptionPlaceholder}
            rows={node.description && node.description.length > 120 ? 5 : 2}
            onCommit={(description) => patch((n) => withKey(n, "description", description), `description:${id}`)}
          />
        </FormRow>

        {node.kind === "event" ? <EventFields node={node} board={board} patchAs={patchAs} fieldsMergeKey={fieldsMergeKey} /> : null}

        {node.kind === "command" ? (
          <Section title={S.payload} aside={S.fieldCount(node.payload.length)}>
            <FieldsEditor
              fields={node.payload}
              idPrefix="payload"
              onChange={(payload: Field[], mk) => patchAs("command", (n) => ({ ...n, payload }), fieldsMergeKey(mk))}
            />
          </Section>
        ) : null}

        {node.kind === "readModel" ? (
          <Section title={S.fields} aside={S.fieldCount(node.fields.length)}>
            <FieldsEditor
              fields={node.fields}
              idPrefix="fields"
              onChange={(fields: Field[], mk) => patchAs("readModel", (n) => ({ ...n, fields }), fieldsMergeKey(mk))}
            />
          </Section>
        ) : null}

        {node.kind === "service" ? (
          <Section title={S.serviceSection}>
            <FormRow label={S.action} htmlFor={`inspector-action-${id}`}>
              <TextInput
                compact
                id={`inspector-action-${id}`}
                data-testid="inspector-action"
                value={node.action}
                maxLength={LIMITS.shortTextLength}
                placeholder={S.actionPlaceholder}
                onChange={(event) => {
                  const action = event.currentTarget.value;
                  patchAs("service", (n) => ({ ...n, action }), `action:${id}`);
                }}
                onKeyDown={(event) => {
                  if (event.key === "Escape") event.currentTarget.blur();
                }}
              />
            </FormRow>
            <FormRow label={S.consistency} htmlFor={`inspector-consistency-${id}`}>
              <Select
                compact
                id={`inspector-consistency-${id}`}
                data-testid="inspector-consistency"
                value={serviceConsistency(node)}
                options={consistencyOptions(S)}
                onChange={(event) => {
                  const consistency = event.currentTarget.value as Consistency;
                  patchAs("service", (n) => withKey(n, "consistency", consistency));
                }}
              />
            </FormRow>
          </Section>
        ) : null}

        {node.kind === "saga" ? <InspectorSaga node={node} board={board} /> : null}

        {hasDelivery(node) ? <InspectorDelivery node={node} board={board} /> : null}
      </div>
    </>
  );
}

interface EventFieldsProps {
  node: EventNode;
  board: Board;
  patchAs<K extends NodeKind>(kind: K, update: (n: NodeOfKind<K>) => NodeOfKind<K>, mergeKey?: string): void;
  fieldsMergeKey(mk: string | undefined): string | undefined;
}

/** Scope, version, topic, outcome and payload of an event. */
function EventFields({ node, board, patchAs, fieldsMergeKey }: EventFieldsProps) {
  const S = useStrings().inspector;
  const id = node.id;
  // The analysis (default topic, event type) may lag a keystroke behind; typing never waits for it.
  // The workspace's analysis, shared by every panel; computed here only outside a board page.
  const shared = useBoardAnalysis();
  const deferredBoard = useDeferredValue(board);
  const info = useMemo(() => (shared ?? analyzeBoard(deferredBoard)).events.find((e) => e.nodeIds.includes(id)) ?? null, [shared, deferredBoard, id]);
  const patchEvent = (update: (n: EventNode) => EventNode, mergeKey?: string) => patchAs("event", update, mergeKey);

  return (
    <>
      <Section title={S.eventSection}>
        <div className={styles.pair}>
          <FormRow label={S.scope} htmlFor={`inspector-scope-${id}`}>
            <Select
              compact
              id={`inspector-scope-${id}`}
              data-testid="inspector-scope"
              value={eventScope(node)}
              options={scopeOptions(S)}
              onChange={(event) => {
                const scope = event.currentTarget.value as EventScope;
                patchEvent((n) => withKey(n, "scope", scope));
              }}
            />
          </FormRow>
          <FormRow label={S.outcome} htmlFor={`inspector-outcome-${id}`}>
            <Select
              compact
              id={`inspector-outcome-${id}`}
              data-testid="inspector-outcome"
              value={eventOutcome(node)}
              options={outcomeOptions(S)}
              onChange={(event) => {
                const outcome = event.currentTarget.value as EventOutcome;
                patchEvent((n) => withKey(n, "outcome", outcome));
              }}
            />
          </FormRow>
        </div>
        <div className={styles.versionTopic}>
          <FormRow label={S.version} htmlFor={`inspector-version-${id}`}>
            <DraftInput
              id={`inspector-version-${id}`}
              data-testid="inspector-version"
              inputMode="numeric"
              value={node.version === undefined ? "" : String(node.version)}
              placeholder="1"
              maxLength={9}
              validate={versionProblem(S)}
              onCommit={(text) => patchEvent((n) => withKey(n, "version", text === "" ? undefined : Number(text)), `version:${id}`)}
              onKeyDown={(event) => {
                if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
                event.preventDefault();
                const current = node.version ?? 1;
                const next = Math.max(1, current + (event.key === "ArrowUp" ? 1 : -1));
                if (next !== current) patchEvent((n) => ({ ...n, version: next }), `version:${id}`);
              }}
            />
          </FormRow>
          <FormRow label={S.topic} htmlFor={`inspector-topic-${id}`}>
            <OptionalTextInput
              id={`inspector-topic-${id}`}
              data-testid="inspector-topic"
              value={node.topic}
              maxLength={LIMITS.shortTextLength}
              placeholder={info?.topic ?? "events"}
              spellCheck={false}
              onCommit={(topic) => patchEvent((n) => withKey(n, "topic", topic), `topic:${id}`)}
            />
          </FormRow>
        </div>
        <FormRow label={S.partitionKey} htmlFor={`inspector-partition-key-${id}`}>
          <Select
            compact
            id={`inspector-partition-key-${id}`}
            data-testid="inspector-partition-key"
            value={node.partitionKey ?? ""}
            options={[
              { value: "", label: S.partitionDefault },
              ...partitionKeyChoices(node).map((c) => ({ value: c.value, label: c.known ? c.value : S.partitionUnknown(c.value) })),
            ]}
            onChange={(event) => {
              const key = event.currentTarget.value;
              patchEvent((n) => withKey(n, "partitionKey", key === "" ? undefined : key));
            }}
          />
        </FormRow>
        {info ? (
          <p className={styles.meta}>
            <span className={styles.metaLabel}>{S.eventType}</span>
            <code data-testid="inspector-event-type" title={info.eventType}>
              {info.eventType}
            </code>
          </p>
        ) : null}
      </Section>
      <Section title={S.payload} aside={S.fieldCount(node.payload.length)}>
        <FieldsEditor
          fields={node.payload}
          idPrefix="payload"
          onChange={(payload, mk) => patchEvent((n) => ({ ...n, payload }), fieldsMergeKey(mk))}
        />
      </Section>
    </>
  );
}

/** The sticky's bounded context, read-only (from where it stands: lib/model/boundedContexts.ts); nothing on a board without frames. */
function StickyContext({ board, id }: { board: Board; id: string }) {
  const F = useStrings().frames;
  const context = useMemo(() => (board.frames?.length ? boundedContexts(board).contextOf(id) : undefined), [board, id]);
  if (!board.frames?.length) return null;
  return (
    <p className={styles.contextLine} data-testid="inspector-context">
      {context ? F.contextLine(context.name) : F.noContext}
    </p>
  );
}
