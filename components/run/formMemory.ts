import { FAULT_MODES, type FaultMode } from "@/lib/contracts/runs";
import { BoundedMap } from "@/lib/editor/boundedMap";
import type { FaultRow, RunFormValues } from "./runForm";

/**
 * The Run form of each board, kept while the dock shows another tab (the tab's content unmounts)
 * and across reloads, in this browser's localStorage (issue 16 bug 6: count, seed and faults were
 * forgotten on reload). What is read back is checked field by field: a stale or hand-edited entry
 * gives the defaults for what it gets wrong, never a broken form.
 */
/** The forms read or written in this page, by board: a session visits few boards, but the cache stays bounded. */
const memory = new BoundedMap<string, RunFormValues>(50);
const KEY = (boardId: string) => `stormflow.runForm.${boardId}`;
const TEXT_FIELDS = ["command", "count", "concurrency", "seed", "duplicateRate", "timeScale", "broker"] as const;
/** Loaded fault rows get negative React keys, clear of the positive ones new rows take. */
let loadedFaultId = 0;

export function rememberedForm(boardId: string, defaults: RunFormValues): RunFormValues {
  const known = memory.get(boardId);
  if (known) return known;
  const stored = readStored(boardId);
  return stored ? fromStored(stored, defaults) : defaults;
}

export function rememberForm(boardId: string, values: RunFormValues): void {
  memory.set(boardId, values);
  try {
    window.localStorage.setItem(KEY(boardId), JSON.stringify(values));
  } catch {
    /* storage full or disabled: the form is still kept for this page */
  }
}

function readStored(boardId: string): unknown {
  if (typeof window === "undefined") return null;
  try {
    const raw = window.localStorage.getItem(KEY(boardId));
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

/**
 * How much of a stored form is read back. Generous on purpose: the form comes back as it was typed,
 * over-long or over-many included, so Start shows the server's message for it; dropping the excess
 * here would make a form that looks valid and runs with something else (another seed, a fault fewer).
 * The bounds only keep a hand-edited entry from costing the page.
 */
const STORED_TEXT_MAX = 2_000;
const STORED_FAULTS_MAX = 200;

function fromStored(stored: unknown, defaults: RunFormValues): RunFormValues {
  if (typeof stored !== "object" || stored === null) return defaults;
  const record = stored as Record<string, unknown>;
  const values: RunFormValues = { ...defaults, faults: [] };
  for (const field of TEXT_FIELDS) {
    const value = record[field];
    if (typeof value === "string" && value.length <= STORED_TEXT_MAX) values[field] = value;
  }
  if (typeof record.keepTopology === "boolean") values.keepTopology = record.keepTopology;
  if (Array.isArray(record.faults)) values.faults = record.faults.slice(0, STORED_FAULTS_MAX).flatMap((f) => faultRow(f));
  return values;
}

function faultRow(stored: unknown): FaultRow[] {
  if (typeof stored !== "object" || stored === null) return [];
  const { target, mode, value } = stored as Record<string, unknown>;
  if (typeof target !== "string" || typeof value !== "string" || !FAULT_MODES.includes(mode as FaultMode)) return [];
  if (target.length > STORED_TEXT_MAX || value.length > STORED_TEXT_MAX) return [];
  return [{ id: --loadedFaultId, target, mode: mode as FaultMode, value }];
}
