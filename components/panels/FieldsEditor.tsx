"use client";
import { useEffect, useRef, useState } from "react";
import { fieldRequired } from "@/lib/model/defaults";
import { LIMITS } from "@/lib/model/limits";
import { FIELD_TYPES, type Field, type FieldShape, type FieldType } from "@/lib/model/schema";
import { Button } from "@/components/ui/Button";
import { IconButton } from "@/components/ui/IconButton";
import { ArrowDownIcon, ArrowUpIcon, NoteIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/Select";
import { Toggle } from "@/components/ui/Toggle";
import { DraftInput } from "./InspectorControls";
import styles from "./FieldsEditor.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { inspectorStrings } from "./strings";

export interface FieldsEditorProps {
  fields: readonly Field[];
  /**
   * The new list. `mergeKey` is set for typing (one key per field name input), so that the
   * store merges consecutive keystrokes into one undo step; structural changes have none.
   */
  onChange(next: Field[], mergeKey?: string): void;
  /** Prefix of test ids and merge keys: rows are `<idPrefix>-<i>`, inputs `<idPrefix>-<i>-name`, ... */
  idPrefix: string;
  /** Nesting level of this list (1: a payload). Object and array types stop at `LIMITS.fieldDepth`. */
  depth?: number;
}

/** JavaScript-style identifiers, also in other scripts (`주문번호`). */
const IDENTIFIER = /^(?:[A-Za-z_$][A-Za-z0-9_$]*|[\p{L}_$][\p{L}\p{M}\p{N}_$]*)$/u;

const TYPE_OPTIONS = FIELD_TYPES.map((type) => ({ value: type, label: type }));
const SCALAR_TYPE_OPTIONS = TYPE_OPTIONS.filter((o) => o.value !== "object" && o.value !== "array");

/** The type options at `level`: no object/array where nothing may nest below. */
function typeOptions(level: number, current: FieldType) {
  if (level < LIMITS.fieldDepth || current === "object" || current === "array") return TYPE_OPTIONS;
  return SCALAR_TYPE_OPTIONS;
}

/** `shape` with type `type`: `fields` for an object, `items` for an array, neither otherwise. */
function withType<T extends FieldShape>(shape: T, type: FieldType): T {
  if (shape.type === type) return shape;
  const { fields, items, ...rest } = shape;
  const next = { ...rest, type } as T;
  if (type === "object") next.fields = fields ?? [];
  if (type === "array") next.items = items ?? { type: "string" };
  return next;
}

/** "field", "field2", ...: the first name not taken in `fields` (an identifier in the payload, so English in every UI language). */
function freshFieldName(fields: readonly Field[]): string {
  const S = inspectorStrings;
  const taken = new Set(fields.map((f) => f.name));
  if (!taken.has(S.newFieldName)) return S.newFieldName;
  for (let n = 2; ; n++) if (!taken.has(`${S.newFieldName}${n}`)) return `${S.newFieldName}${n}`;
}

let keySeq = 0;

/** Where focus should go after a structural change (rows are found by their stable key). */
type PendingFocus = { key: string; target: "name" | "description" | "up" | "down" | "delete" } | { key: null; target: "add" };

/**
 * Edits a list of fields: name, type, required, order; nested fields for objects and item types
 * for arrays. Absent keys stay absent: `required` is only written when unchecked.
 */
export function FieldsEditor({ fields, onChange, idPrefix, depth = 1 }: FieldsEditorProps) {
  const S = useStrings().inspector;
  // Stable row keys, so focus and drafts follow a field when it moves.
  const keys = useRef<string[]>([]);
  if (keys.current.length !== fields.length) {
    const next = keys.current.slice(0, fields.length);
    while (next.length < fields.length) next.push(`f${++keySeq}`);
    keys.current = next;
  }
  const listRef = useRef<HTMLDivElement>(null);
  // Rows whose description line was opened; a field with a description always shows it. An
  // emptied line stays open (closing it on blur shifted the row under the pointer mid-click).
  const [describing, setDescribing] = useState<ReadonlySet<string>>(new Set());
  const pendingFocus = useRef<PendingFocus | null>(null);

  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending || !listRef.current) return;
    pendingFocus.current = null;
    const scope = listRef.current;
    if (pending.key === null) {
      scope.querySelector<HTMLElement>(":scope > [data-role='add']")?.focus();
      return;
    }
    const row = scope.querySelector<HTMLElement>(`:scope > [data-row-key='${pending.key}']`);
    if (!row) return;
    const pick = (target: string) => row.querySelector<HTMLElement>(`[data-focus='${target}']:not(:disabled)`);
    const el = pick(pending.target) ?? pick(pending.target === "up" ? "down" : "up") ?? pick("delete");
    el?.focus();
    if ((pending.target === "name" || pending.target === "description") && el instanceof HTMLInputElement) el.select();
  });

  const names = fields.map((f) => f.name);
  const nameCounts = new Map<string, number>();
  for (const name of names) nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);

  const replace = (index: number, field: Field, mergeKey?: string) => {
    if (fields[index] === field) return;
    const next = fields.slice();
    next[index] = field;
    onChange(next, mergeKey);
  };

  const move = (index: number, delta: -1 | 1) => {
    const to = index + delta;
    if (to < 0 || to >= fields.length) return;
    const next = fields.slice();
    const ks = keys.current.slice();
    [next[index], next[to]] = [next[to]!, next[index]!];
    [ks[index], ks[to]] = [ks[to]!, ks[index]!];
    keys.current = ks;
    pendingFocus.current = { key: ks[to]!, target: delta < 0 ? "up" : "down" };
    onChange(next);
  };

  const remove = (index: number) => {
    const ks = keys.current.slice();
    ks.splice(index, 1);
    keys.current = ks;
    const neighbour = ks[index] ?? ks[index - 1];
    pendingFocus.current = neighbour ? { key: neighbour, target: "delete" } : { key: null, target: "add" };
    onChange(fields.filter((_, i) => i !== index));
  };

  const add = () => {
    const key = `f${++keySeq}`;
    keys.current = [...keys.current, key];
    pendingFocus.current = { key, target: "name" };
    onChange([...fields, { name: freshFieldName(fields), type: "string" }]);
  };

  return (
    <div ref={listRef} className={styles.list} data-testid={idPrefix}>
      {fields.length === 0 && depth === 1 ? <p className={styles.empty}>{S.noFields}</p> : null}
      {fields.map((field, index) => {
        const rowId = `${idPrefix}-${index}`;
        const duplicate = (nameCounts.get(field.name) ?? 0) > 1;
        const warning = !IDENTIFIER.test(field.name) ? S.notIdentifier : duplicate ? S.duplicateField : null;
        const rowKey = keys.current[index]!;
        const showDescription = field.description !== undefined || describing.has(rowKey);
        return (
          <div key={keys.current[index]} className={styles.field} data-row-key={keys.current[index]} data-testid={rowId}>
            <div className={styles.line}>
              <div className={styles.nameCell}>
                <DraftInput
                  value={field.name}
                  maxLength={LIMITS.fieldNameLength}
                  aria-label={S.fieldName}
                  data-testid={`${rowId}-name`}
                  data-focus="name"
                  spellCheck={false}
                  autoComplete="off"
                  validate={(text) => (text.trim() === "" ? S.fieldNameRequired : null)}
                  warning={warning}
                  onCommit={(name) => replace(index, { ...field, name }, `${rowId}-name`)}
                  onKeyDown={(event) => {
                    // Enter on the last name adds the next field, as in a spreadsheet.
                    if (event.key === "Enter" && !event.nativeEvent.isComposing && index === fields.length - 1 && field.name.trim() !== "") add();
                  }}
                />
              </div>
              <Select
                compact
                className={styles.typeSelect}
                aria-label={S.fieldType}
                data-testid={`${rowId}-type`}
                value={field.type}
                options={typeOptions(depth, field.type)}
                onChange={(event) => replace(index, withType(field, event.currentTarget.value as FieldType))}
              />
            </div>
            <div className={styles.line}>
              <Toggle
                compact
                label={S.required}
                checked={fieldRequired(field)}
                data-testid={`${rowId}-required`}
                onChange={(checked) => {
                  const { required: _, ...rest } = field;
                  replace(index, checked ? rest : { ...rest, required: false });
                }}
              />
              <span className={styles.spacer} />
              <IconButton
                size="sm"
                label={S.describeField}
                aria-pressed={showDescription}
                data-testid={`${rowId}-describe`}
                disabled={showDescription}
                onClick={() => {
                  setDescribing((open) => new Set(open).add(rowKey));
                  pendingFocus.current = { key: rowKey, target: "description" };
                }}
              >
                <NoteIcon />
              </IconButton>
              <IconButton size="sm" label={S.moveFieldUp} data-focus="up" disabled={index === 0} onClick={() => move(index, -1)}>
                <ArrowUpIcon />
              </IconButton>
              <IconButton
                size="sm"
                label={S.moveFieldDown}
                data-focus="down"
                disabled={index === fields.length - 1}
                onClick={() => move(index, 1)}
              >
                <ArrowDownIcon />
              </IconButton>
              <IconButton size="sm" tone="danger" label={S.deleteField} data-focus="delete" data-testid={`${rowId}-delete`} onClick={() => remove(index)}>
                <TrashIcon />
              </IconButton>
            </div>
            {showDescription ? (
              <DraftInput
                value={field.description ?? ""}
                maxLength={LIMITS.descriptionLength}
                aria-label={S.fieldDescription}
                placeholder={S.fieldDescriptionPlaceholder}
                data-testid={`${rowId}-description`}
                data-focus="description"
                autoComplete="off"
                onCommit={(text) => {
                  // An emptied description leaves no key behind, as the other optional keys do.
                  const { description: _, ...rest } = field;
                  replace(index, text.trim() === "" ? rest : { ...rest, description: text }, `${rowId}-description`);
                }}
              />
            ) : null}
            {field.type === "object" ? (
              <div className={styles.nested}>
                <span className={styles.nestedLabel}>{S.nestedFields}</span>
                <FieldsEditor
                  fields={field.fields ?? []}
                  idPrefix={`${rowId}-fields`}
                  depth={depth + 1}
                  onChange={(next, mergeKey) => replace(index, { ...field, fields: next }, mergeKey)}
                />
              </div>
            ) : null}
            {field.type === "array" ? (
              <ItemsEditor
                shape={field.items ?? { type: "string" }}
                idPrefix={`${rowId}-items`}
                level={depth + 1}
                onChange={(items, mergeKey) => replace(index, { ...field, items }, mergeKey)}
              />
            ) : null}
          </div>
        );
      })}
      <Button size="sm" variant="ghost" icon={<PlusIcon />} className={styles.add} data-role="add" data-testid={`${idPrefix}-add`} onClick={add}>
        {S.addField}
      </Button>
    </div>
  );
}

interface ItemsEditorProps {
  shape: FieldShape;
  onChange(next: FieldShape, mergeKey?: string): void;
  idPrefix: string;
  /** Nesting level of this shape. */
  level: number;
}

/** An array's element type; objects get their fields, arrays their own element type. */
function ItemsEditor({ shape, onChange, idPrefix, level }: ItemsEditorProps) {
  const S = useStrings().inspector;
  return (
    <div className={styles.nested}>
      <div className={styles.itemsLine}>
        <label className={styles.nestedLabel} htmlFor={`${idPrefix}-type`}>
          {S.items}
        </label>
        <Select
          compact
          id={`${idPrefix}-type`}
          className={styles.typeSelect}
          aria-label={S.itemType}
          data-testid={`${idPrefix}-type`}
          value={shape.type}
          options={typeOptions(level, shape.type)}
          onChange={(event) => onChange(withType(shape, event.currentTarget.value as FieldType))}
        />
      </div>
      {shape.type === "object" ? (
        <FieldsEditor
          fields={shape.fields ?? []}
          idPrefix={`${idPrefix}-fields`}
          depth={level + 1}
          onChange={(next, mergeKey) => onChange({ ...shape, fields: next }, mergeKey)}
        />
      ) : null}
      {shape.type === "array" ? (
        <ItemsEditor
          shape={shape.items ?? { type: "string" }}
          idPrefix={`${idPrefix}-items`}
          level={level + 1}
          onChange={(items, mergeKey) => onChange({ ...shape, items }, mergeKey)}
        />
      ) : null}
    </div>
  );
}

export default FieldsEditor;
