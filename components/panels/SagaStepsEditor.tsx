"use client";
import { useEffect, useRef } from "react";
import { LIMITS } from "@/lib/model/limits";
import type { SagaStep } from "@/lib/model/schema";
import type { Issue } from "@/lib/model/validate";
import { Button } from "@/components/ui/Button";
import { PlusIcon } from "@/components/ui/icons";
import { StepRow, type Focus } from "./SagaStepRow";
import type { ParticipantOption, StepIssues, StepSlot } from "./sagaSteps";
import styles from "./SagaStepsEditor.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

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

/**
 * A saga's steps, in run order. Each sends its command to a participant and waits for a reply;
 * compensable steps name the command that undoes them. Validation's findings show under the
 * inputs they are about; nothing typed is refused except blank names and bad numbers.
 */
export function SagaStepsEditor({ steps, participants, describeSticky, issues, onChange, onParticipant, onAdd, newId, idPrefix = "steps" }: SagaStepsEditorProps) {
  const S = useStrings().inspector;
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

export default SagaStepsEditor;
