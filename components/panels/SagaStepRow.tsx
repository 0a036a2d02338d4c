"use client";
import { useId, useState } from "react";
import { DEFAULTS } from "@/lib/model/defaults";
import { LIMITS } from "@/lib/model/limits";
import { SAGA_STEP_TYPES, type Field, type SagaStep, type SagaStepType, type StepMessage } from "@/lib/model/schema";
import type { Issue } from "@/lib/model/validate";
import { Button } from "@/components/ui/Button";
import { IconButton } from "@/components/ui/IconButton";
import { LabelText } from "@/components/ui/LabelText";
import { ArrowDownIcon, ArrowUpIcon, TrashIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/Select";
import { formatMs } from "./delivery";
import { FieldsEditor } from "./FieldsEditor";
import { DraftInput, NumberDraft } from "./InspectorControls";
import { nameProblem, optionOf, parseTimeout, shownMessageSlots, withoutCompensation, type ParticipantOption, type StepMessageSlot, type StepSlot } from "./sagaSteps";
import styles from "./SagaStepsEditor.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { useIssueMessage } from "./issueMessages";
import type { InspectorStrings } from "./strings";

/*
 * One step of the saga steps editor (SagaStepsEditor.tsx): its type, timeout, participant, the
 * command and replies it names (each with its payload behind a toggle) and its compensation, with
 * validation's findings under each input. Apart from the list so each reads in one sitting; the
 * logic (renames that follow each other, which issue goes where) is in sagaSteps.ts.
 */

/** What gets focus after a list change: a step's command name, its move buttons, or Delete. */
export type Focus = "action" | "up" | "down" | "delete";

const typeOptions = (S: InspectorStrings) => SAGA_STEP_TYPES.map((type) => ({ value: type, label: S.stepTypeOptions[type] }));
const DEFAULT_TIMEOUT = String(DEFAULTS.sagaStepTimeoutMs);

/** Each step message's label, and the placeholder of an optional one while it is not set. */
const messageLabels = (S: InspectorStrings): Record<StepMessageSlot["slot"], { label: string; placeholder?: string }> => ({
  action: { label: S.command },
  success: { label: S.successReply },
  failure: { label: S.failureReply, placeholder: S.noFailure },
  compensation: { label: `\u21ba ${S.compensation}`, placeholder: S.noCompensation },
  compensationReply: { label: `\u21ba ${S.compensationReply}` },
});

export interface StepRowProps {
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
export function StepRow({ step, index, last, rowId, participants, describeSticky, issues, onReplace, onParticipant, onMove, onRemove }: StepRowProps) {
  const { inspector: S, kinds } = useStrings();
  const merge = (what: string) => `${rowId}-${what}:${step.id}`;
  const option = optionOf(participants, step.participant);
  const participantOptions = [
    { value: "", label: S.participantNone },
    ...participants.map((o) => ({ value: o.id, label: S.participantOption(o.name, kinds[o.kind]) })),
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
            options={typeOptions(S)}
            aria-describedby={`${rowId}-type-hint`}
            onChange={(event) => onReplace({ ...step, type: event.currentTarget.value as SagaStepType })}
          />
        </div>
        <div className={styles.cell}>
          <label className={styles.label} htmlFor={`${rowId}-timeout`}>
            <LabelText text={S.timeout} />
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

      {shownMessageSlots(step).map((slot) => (
        <MessageField
          key={slot.id}
          id={`${rowId}-${slot.id}`}
          label={messageLabels(S)[slot.slot].label}
          message={slot.message(step)}
          required={slot.required}
          placeholder={messageLabels(S)[slot.slot].placeholder}
          focusKey={slot.slot === "action" ? "action" : undefined}
          issues={issues[slot.slot]}
          onName={(name) => onReplace(slot.rename(step, name), merge(slot.id))}
          onPayload={(payload, mk) => onReplace(slot.withPayload(step, payload), mk && merge(mk))}
        />
      ))}
      {/* Pivot and retriable steps are never compensated: a compensation left from before can be removed. */}
      {step.type === "compensable" ? null : (
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
  const S = useStrings().inspector;
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
  const sentence = useIssueMessage();
  if (!issues || issues.length === 0) return null;
  return (
    <ul id={id} className={styles.notes}>
      {issues.map((issue, i) => (
        <li key={i} className={issue.severity === "error" ? styles.noteError : styles.noteWarning} data-code={issue.code}>
          {sentence(issue)}
        </li>
      ))}
    </ul>
  );
}
