"use client";
import { useEffect, useId, useRef, useState } from "react";
import { DEFAULTS } from "@/lib/model/defaults";
import { KIND_META } from "@/lib/model/kinds";
import { LIMITS } from "@/lib/model/limits";
import { SAGA_STEP_TYPES, type Field, type SagaStep, type SagaStepType, type StepMessage } from "@/lib/model/schema";
import type { Issue } from "@/lib/model/validate";
import { Button } from "@/components/ui/Button";
import { IconButton } from "@/components/ui/IconButton";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/Select";
import { formatMs } from "./delivery";
import { FieldsEditor } from "./FieldsEditor";
import { DraftInput, NumberDraft } from "./InspectorControls";
import {
  nameProblem,
  optionOf,
  parseTimeout,
  renameAction,
  renameCompensation,
  renameCompensationReply,
  renameFailure,
  renameSuccess,
  updateCompensation,
  withoutCompensation,
  type ParticipantOption,
  type StepIssues,
  type StepSlot,
} from "./sagaSteps";
import { inspectorStrings as S } from "./strings";
import styles from "./SagaStepsEditor.module.css";

export interface SagaStepsEditorProps {
  steps: readonly SagaStep[];
  /** The board's possible participants (see `participantOptions`). */
  participants: readonly ParticipantOption[];
  /** The name and kind label of any sticky, to show a participant that is not an option; null if none has the id. */
  describeSticky(id: string): string | null;
  /** Validation issues by step and input. */
  issues: StepIssues;
  /** The new list; `mergeKey` is set for typing so keystrokes merge into one undo step. */
  onChange(next: SagaStep[], mergeKey?: string): void;
  /** Sets step `index`'s participant (the store also connects the saga to it). */
  onParticipant(index: number, participantId: string | undefined): void;
  /** Appends a new step with this id. */
  onAdd(id: string): void;
  /** A fresh step id, unique in the saga. */
  newId(): string;
  /** Prefix of test ids: rows are `<idPrefix>-<i>`, inputs `<idPrefix>-<i>-action`, ... */
  idPrefix?: string;
}

type Focus = "action" | "up" | "down" | "delete";

const TYPE_OPTIONS = SAGA_STEP_TYPES.map((type) => ({ value: type, label: S.stepTypeOptions[type] }));
const DEFAULT_TIMEOUT = String(DEFAULTS.sagaStepTimeoutMs);

/**
 * A saga's steps, in run order. Each sends its command to a participant and waits for a reply;
 * compensable steps name the command that undoes them. Validation's findings show under the
 * inputs they are about; nothing typed is refused except blank names and bad numbers.
 */
export function SagaStepsEditor({ steps, participants, describeSticky, issues, onChange, onParticipant, onAdd, newId, idPrefix = "steps" }: SagaStepsEditorProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const pendingFocus = useRef<{ id: string | null; target: Focus } | null>(null);

  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    pendingFocus.current = null;
    if (pending.id === null) {
      addRef.current?.focus();
      return;
    }
    const row = [...(listRef.current?.children ?? [])].find((el) => (el as HTMLElement).dataset.stepId === pending.id);
    if (!row) return;
    const pick = (target: string) => row.querySelector<HTMLElement>(`[data-focus='${target}']:not(:disabled)`);
    const el = pick(pending.target) ?? pick(pending.target === "up" ? "down" : "up") ?? pick("delete");
    el?.focus();
    if (pending.target === "action" && el instanceof HTMLInputElement) el.select();
  });

  const replace = (index: number, step: SagaStep, mergeKey?: string) => {
    if (steps[index] === step) return;
    const next = steps.slice();
    next[index] = step;
    onChange(next, mergeKey);
  };
  const move = (index: number, delta: -1 | 1) => {
    const to = index + delta;
    if (to < 0 || to >= steps.length) return;
    const next = steps.slice();
    [next[index], next[to]] = [next[to]!, next[index]!];
    pendingFocus.current = { id: steps[index]!.id, target: delta < 0 ? "up" : "down" };
    onChange(next);
  };
  const remove = (index: number) => {
    const neighbour = steps[index + 1] ?? steps[index - 1];
    pendingFocus.current = { id: neighbour?.id ?? null, target: "delete" };
    onChange(steps.filter((_, i) => i !== index));
  };
  const add = () => {
    const id = newId();
    pendingFocus.current = { id, target: "action" };
    onAdd(id);
  };

  return (
    <div className={styles.editor} data-testid={idPrefix}>
      {steps.length === 0 ? <p className={styles.empty}>{S.noSteps}</p> : null}
      {participants.length === 0 ? <p className={styles.note}>{S.noParticipants}</p> : null}
      <ol ref={listRef} className={styles.list}>
        {steps.map((step, index) => (
          <StepRow
            key={step.id}
            step={step}
            index={index}
            last={index === steps.length - 1}
            rowId={`${idPrefix}-${index}`}
            participants={participants}
            describeSticky={describeSticky}
            issues={issues.get(index) ?? NO_ISSUES}
            onReplace={(next, mergeKey) => replace(index, next, mergeKey)}
            onParticipant={(id) => onParticipant(index, id)}
            onMove={(delta) => move(index, delta)}
            onRemove={() => remove(index)}
          />
        ))}
      </ol>
      <Button ref={addRef} size="sm" variant="ghost" icon={<PlusIcon />} className={styles.add} data-testid={`${idPrefix}-add`} onClick={add} disabled={steps.length >= LIMITS.sagaSteps}>
        {S.addStep}
      </Button>
    </div>
  );
}

const NO_ISSUES: Partial<Record<StepSlot, Issue[]>> = {};

interface StepRowProps {
  step: SagaStep;
  index: number;
  last: boolean;
  rowId: string;
  participants: readonly ParticipantOption[];
  describeSticky(id: string): string | null;
  issues: Partial<Record<StepSlot, Issue[]>>;
  onReplace(step: SagaStep, mergeKey?: string): void;
  onParticipant(id: string | undefined): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}

/** One step: type, participant, command and replies, compensation, timeout. */
function StepRow({ step, index, last, rowId, participants, describeSticky, issues, onReplace, onParticipant, onMove, onRemove }: StepRowProps) {
  const merge = (what: string) => `${rowId}-${what}:${step.id}`;
  const option = optionOf(participants, step.participant);
  const participantOptions = [
    { value: "", label: S.participantNone },
    ...participants.map((o) => ({ value: o.id, label: S.participantOption(o.name, KIND_META[o.kind].label) })),
  ];
  // A stored participant that is no option (a deleted sticky, or one of another kind) still shows.
  if (step.participant !== undefined && !option) {
    participantOptions.push({ value: step.participant, label: describeSticky(step.participant) ?? S.participantMissing(step.participant) });
  }

  return (
    <li className={styles.step} data-step-id={step.id} data-step-type={step.type} data-testid={rowId} aria-label={S.stepNumber(index + 1)}>
      <div className={styles.head}>
        <span className={styles.number} aria-hidden="true">
          {index + 1}
        </span>
        <span className={styles.stepTitle}>{S.stepNumber(index + 1)}</span>
        <span className={styles.spacer} />
        <IconButton size="sm" label={S.moveStepUp} data-focus="up" disabled={index === 0} onClick={() => onMove(-1)}>
          <ArrowUpIcon />
        </IconButton>
        <IconButton size="sm" label={S.moveStepDown} data-focus="down" disabled={last} onClick={() => onMove(1)}>
          <ArrowDownIcon />
        </IconButton>
        <IconButton size="sm" tone="danger" label={S.deleteStep} data-focus="delete" data-testid={`${rowId}-delete`} onClick={onRemove}>
          <TrashIcon />
        </IconButton>
      </div>
      <Notes id={`${rowId}-step-issues`} issues={issues.step} />

      <div className={styles.pair}>
        <div className={styles.cell}>
          <label className={styles.label} htmlFor={`${rowId}-type`}>
            {S.stepType}
          </label>
          <Select
            compact
            id={`${rowId}-type`}
            data-testid={`${rowId}-type`}
            value={step.type}
            options={TYPE_OPTIONS}
            aria-describedby={`${rowId}-type-hint`}
            onChange={(event) => onReplace({ ...step, type: event.currentTarget.value as SagaStepType })}
          />
        </div>
        <div className={styles.cell}>
          <label className={styles.label} htmlFor={`${rowId}-timeout`}>
            {S.timeout}
          </label>
          <NumberDraft
            id={`${rowId}-timeout`}
            data-testid={`${rowId}-timeout`}
            inputMode="numeric"
            value={step.timeoutMs}
            placeholder={DEFAULT_TIMEOUT}
            title={S.timeoutDefault(formatMs(DEFAULTS.sagaStepTimeoutMs))}
            maxLength={7}
            parse={(text) => {
              const parsed = parseTimeout(text);
              return parsed.ok ? parsed : { ok: false, message: S.timeoutInvalid };
            }}
            onCommit={(timeoutMs) => {
              const { timeoutMs: _, ...rest } = step;
              onReplace(timeoutMs === undefined ? rest : { ...rest, timeoutMs }, merge("timeout"));
            }}
          />
        </div>
      </div>
      <p id={`${rowId}-type-hint`} className={styles.hint}>
        {S.stepTypeHints[step.type]}
      </p>
      <Notes id={`${rowId}-type-issues`} issues={issues.type} />
      <Notes id={`${rowId}-timeout-issues`} issues={issues.timeout} />

      <div className={styles.cell}>
        <label className={styles.label} htmlFor={`${rowId}-participant`}>
          {S.participant}
        </label>
        <Select
          compact
          id={`${rowId}-participant`}
          data-testid={`${rowId}-participant`}
          value={option?.id ?? step.participant ?? ""}
          options={participantOptions}
          aria-describedby={issues.participant ? `${rowId}-participant-issues` : undefined}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onParticipant(value === "" ? undefined : value);
          }}
        />
        <Notes id={`${rowId}-participant-issues`} issues={issues.participant} />
      </div>

      <MessageField
        id={`${rowId}-action`}
        label={S.command}
        message={step.action}
        required
        focusKey="action"
        issues={issues.action}
        onName={(name) => onReplace(renameAction(step, name), merge("action"))}
        onPayload={(payload, mk) => onReplace({ ...step, action: { ...step.action, payload } }, mk && merge(mk))}
      />
      <MessageField
        id={`${rowId}-success`}
        label={S.successReply}
        message={step.replies.success}
        required
        issues={issues.success}
        onName={(name) => onReplace(renameSuccess(step, name), merge("success"))}
        onPayload={(payload, mk) => onReplace({ ...step, replies: { ...step.replies, success: { ...step.replies.success, payload } } }, mk && merge(mk))}
      />
      <MessageField
        id={`${rowId}-failure`}
        label={S.failureReply}
        message={step.replies.failure}
        placeholder={S.noFailure}
        issues={issues.failure}
        onName={(name) => onReplace(renameFailure(step, name), merge("failure"))}
        onPayload={(payload, mk) => {
          const failure = step.replies.failure;
          if (failure) onReplace({ ...step, replies: { ...step.replies, failure: { ...failure, payload } } }, mk && merge(mk));
        }}
      />

      {step.type === "compensable" ? (
        <>
          <MessageField
            id={`${rowId}-compensation`}
            label={`\u21ba ${S.compensation}`}
            message={step.compensation}
            placeholder={S.noCompensation}
            issues={issues.compensation}
            onName={(name) => onReplace(renameCompensation(step, name), merge("compensation"))}
            onPayload={(payload, mk) => onReplace(updateCompensation(step, (c) => ({ ...c, payload })), mk && merge(mk))}
          />
          {step.compensation ? (
            <MessageField
              id={`${rowId}-compensation-reply`}
              label={`\u21ba ${S.compensationReply}`}
              message={step.compensation.reply}
              required
              issues={issues.compensationReply}
              onName={(name) => onReplace(renameCompensationReply(step, name), merge("compensation-reply"))}
              onPayload={(payload, mk) => onReplace(updateCompensation(step, (c) => ({ ...c, reply: { ...c.reply, payload } })), mk && merge(mk))}
            />
          ) : null}
        </>
      ) : (
        <div className={styles.cell}>
          <p className={styles.never} data-testid={`${rowId}-never-compensated`}>
            <span aria-hidden="true">{"\u21ba "}</span>
            {S.neverCompensated[step.type]}
          </p>
          {step.compensation ? (
            <div className={styles.kept}>
              <Notes id={`${rowId}-compensation-issues`} issues={issues.compensation} />
              <Button size="sm" variant="ghost" data-testid={`${rowId}-remove-compensation`} onClick={() => onReplace(withoutCompensation(step))}>
                {S.removeCompensation} ({step.compensation.name})
              </Button>
            </div>
          ) : null}
        </div>
      )}
    </li>
  );
}

interface MessageFieldProps {
  /** Id of the name input (also its test id); the payload editor's test ids start with `<id>-payload`. */
  id: string;
  label: string;
  /** Absent for an optional message not set (failure reply, compensation). */
  message: StepMessage | undefined;
  /** Required names cannot be emptied; an optional one emptied removes the message. */
  required?: boolean;
  placeholder?: string;
  focusKey?: Focus;
  issues: Issue[] | undefined;
  onName(name: string): void;
  onPayload(payload: Field[], mergeKey?: string): void;
}

/** A step message: its name, the issues about it, and its payload behind a toggle. */
function MessageField({ id, label, message, required = false, placeholder, focusKey, issues, onName, onPayload }: MessageFieldProps) {
  const [open, setOpen] = useState(false);
  const payloadId = useId();
  const count = message?.payload.length ?? 0;
  return (
    <div className={styles.cell}>
      <div className={styles.labelLine}>
        <label className={styles.label} htmlFor={id}>
          {label}
        </label>
        {message ? (
          <button
            type="button"
            className={styles.payloadToggle}
            aria-expanded={open}
            aria-controls={payloadId}
            aria-label={`${S.payloadOf(message.name)}: ${S.payloadToggle(count)}`}
            data-testid={`${id}-payload-toggle`}
            onClick={() => setOpen((o) => !o)}
          >
            <span aria-hidden="true" className={open ? styles.caretOpen : styles.caret}>
              ▸
            </span>
            {S.payloadToggle(count)}
          </button>
        ) : null}
      </div>
      <DraftInput
        id={id}
        data-testid={id}
        data-focus={focusKey}
        value={message?.name ?? ""}
        placeholder={placeholder}
        maxLength={LIMITS.nameLength}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={issues ? `${id}-issues` : undefined}
        validate={(text) => {
          const problem = nameProblem(text, required);
          return problem === "required" ? S.messageRequired : problem === "blank" ? S.messageBlank : null;
        }}
        onCommit={onName}
      />
      <Notes id={`${id}-issues`} issues={issues} />
      {message && open ? (
        <div id={payloadId} className={styles.payload} role="group" aria-label={S.payloadOf(message.name)}>
          <FieldsEditor fields={message.payload} idPrefix={`${id}-payload`} onChange={onPayload} />
        </div>
      ) : null}
    </div>
  );
}

/** Validation's findings about one input, errors in red and warnings in amber. */
function Notes({ id, issues }: { id: string; issues: readonly Issue[] | undefined }) {
  if (!issues || issues.length === 0) return null;
  return (
    <ul id={id} className={styles.notes}>
      {issues.map((issue, i) => (
        <li key={i} className={issue.severity === "error" ? styles.noteError : styles.noteWarning} data-code={issue.code}>
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

export default SagaStepsEditor;
