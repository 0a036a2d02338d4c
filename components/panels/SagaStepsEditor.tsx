"use client";
import { useEffect, useRef } from "react";
import { LIMITS } from "@/lib/model/limits";
import type { SagaStep } from "@/lib/model/schema";
import { Button } from "@/components/ui/Button";
import { IconButton } from "@/components/ui/IconButton";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { TextInput } from "@/components/ui/TextInput";
import { DraftInput } from "./InspectorControls";
import { inspectorStrings as S } from "./strings";
import styles from "./SagaStepsEditor.module.css";

export interface SagaStepsEditorProps {
  steps: readonly SagaStep[];
  /** The new list; `mergeKey` is set for typing so keystrokes merge into one undo step. */
  onChange(next: SagaStep[], mergeKey?: string): void;
  /** A fresh step id, unique in the saga. */
  newId(): string;
  /** Prefix of test ids: rows are `<idPrefix>-<i>`, inputs `<idPrefix>-<i>-service`, ... */
  idPrefix?: string;
}

type Focus = "service" | "up" | "down" | "delete";

/**
 * A saga's steps, in run order: service, action and compensation (empty: none, stored as null).
 * Compensations run in reverse order of the completed steps, so every step but the last
 * normally has one; the editor says so without refusing it.
 */
export function SagaStepsEditor({ steps, onChange, newId, idPrefix = "steps" }: SagaStepsEditorProps) {
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
    if (pending.target === "service" && el instanceof HTMLInputElement) el.select();
  });

  const replace = (index: number, step: SagaStep, mergeKey?: string) => {
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
    pendingFocus.current = { id, target: "service" };
    onChange([...steps, { id, service: S.newStepService, action: S.newStepAction, compensation: null }]);
  };

  const required = (text: string) => (text.trim() === "" ? S.stepRequired : null);

  return (
    <div className={styles.editor} data-testid={idPrefix}>
      {steps.length === 0 ? <p className={styles.empty}>{S.noSteps}</p> : null}
      <ol ref={listRef} className={styles.list}>
        {steps.map((step, index) => {
          const rowId = `${idPrefix}-${index}`;
          const last = index === steps.length - 1;
          return (
            <li key={step.id} className={styles.step} data-step-id={step.id} data-testid={rowId} aria-label={S.stepNumber(index + 1)}>
              <div className={styles.head}>
                <span className={styles.number} aria-hidden="true">
                  {index + 1}
                </span>
                <span className={styles.stepTitle}>{S.stepNumber(index + 1)}</span>
                <span className={styles.spacer} />
                <IconButton size="sm" label={S.moveStepUp} data-focus="up" disabled={index === 0} onClick={() => move(index, -1)}>
                  <ArrowUpIcon />
                </IconButton>
                <IconButton size="sm" label={S.moveStepDown} data-focus="down" disabled={last} onClick={() => move(index, 1)}>
                  <ArrowDownIcon />
                </IconButton>
                <IconButton size="sm" tone="danger" label={S.deleteStep} data-focus="delete" data-testid={`${rowId}-delete`} onClick={() => remove(index)}>
                  <TrashIcon />
                </IconButton>
              </div>
              <div className={styles.grid}>
                <label className={styles.label} htmlFor={`${rowId}-service`}>
                  {S.service}
                </label>
                <DraftInput
                  id={`${rowId}-service`}
                  data-testid={`${rowId}-service`}
                  data-focus="service"
                  value={step.service}
                  maxLength={LIMITS.shortTextLength}
                  validate={required}
                  onCommit={(service) => replace(index, { ...step, service }, `${rowId}-service:${step.id}`)}
                />
                <label className={styles.label} htmlFor={`${rowId}-action`}>
                  {S.stepAction}
                </label>
                <DraftInput
                  id={`${rowId}-action`}
                  data-testid={`${rowId}-action`}
                  value={step.action}
                  maxLength={LIMITS.shortTextLength}
                  validate={required}
                  onCommit={(action) => replace(index, { ...step, action }, `${rowId}-action:${step.id}`)}
                />
                <label className={styles.label} htmlFor={`${rowId}-compensation`}>
                  <span aria-hidden="true">↺ </span>
                  {S.compensation}
                </label>
                <div className={styles.compensationCell}>
                  <TextInput
                    compact
                    id={`${rowId}-compensation`}
                    data-testid={`${rowId}-compensation`}
                    value={step.compensation ?? ""}
                    placeholder={S.noCompensation}
                    maxLength={LIMITS.shortTextLength}
                    onChange={(event) => {
                      const text = event.currentTarget.value;
                      replace(index, { ...step, compensation: text === "" ? null : text }, `${rowId}-compensation:${step.id}`);
                    }}
                    onKeyDown={(event) => {
                      if (event.key === "Escape") event.currentTarget.blur();
                    }}
                  />
                  {step.compensation === null && !last ? <span className={styles.warning}>{S.compensationHint}</span> : null}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <Button ref={addRef} size="sm" variant="ghost" icon={<PlusIcon />} className={styles.add} data-testid={`${idPrefix}-add`} onClick={add} disabled={steps.length >= LIMITS.sagaSteps}>
        {S.addStep}
      </Button>
    </div>
  );
}

export default SagaStepsEditor;
