import { DESIGN_WORDS, type Lang } from "@/lib/generate/i18n";
import { retryPolicyText } from "@/lib/generate/retryPolicyText";
import { DEFAULTS, type RetryPolicy } from "@/lib/model/defaults";
import { LIMITS } from "@/lib/model/limits";
import { GROUP_NAME_PATTERN } from "@/lib/model/schema";
import { nameKey } from "@/lib/model/names";
import type { Board, BoardDelivery, BoardNode, ConsumerDelivery, EventNode } from "@/lib/model/schema";
import { type BoardTopology, type ConsumerGroup } from "@/lib/model/topology";

/*
 * The delivery settings' logic for the inspector, without React: parsing what is typed into the
 * retry inputs, writing keys so that absent keys stay absent, and reading the effective values
 * from the one derivation (`deriveTopology`) to show as placeholders. Nothing here derives a
 * default of its own.
 */

/** The keys of a retry policy, in the order the inspector shows them. */
export const RETRY_KEYS = ["maxAttempts", "initialDelayMs", "multiplier", "maxDelayMs", "jitter"] as const;
export type RetryKey = (typeof RETRY_KEYS)[number];

/** What the board format accepts for each key (lib/model/README.md, "Delivery"). */
export const RETRY_RANGES: Record<RetryKey, { readonly min: number; readonly max: number; readonly integer: boolean }> = {
  maxAttempts: { min: 1, max: LIMITS.maxAttempts, integer: true },
  initialDelayMs: { min: 0, max: LIMITS.delayMs, integer: true },
  multiplier: { min: 1, max: 10, integer: false },
  maxDelayMs: { min: 0, max: LIMITS.delayMs, integer: true },
  jitter: { min: 0, max: 1, integer: false },
};

export type NumberProblem = "notNumber" | "notInteger" | "outOfRange";

/** A retry value as typed: blank is "not set" (undefined); else a number in the key's range. */
export function parseRetryValue(key: RetryKey, text: string): { ok: true; value: number | undefined } | { ok: false; problem: NumberProblem } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(trimmed)) return { ok: false, problem: "notNumber" };
  const value = Number(trimmed);
  const range = RETRY_RANGES[key];
  if (range.integer && !Number.isInteger(value)) return { ok: false, problem: "notInteger" };
  if (value < range.min || value > range.max) return { ok: false, problem: "outOfRange" };
  return { ok: true, value };
}

/**
 * Whether `text` is how the number it parses to prints (`0.5`, not `0.50` or `.5`). A number
 * input stores a value only then, so the draft is not rewritten under the caret while typing
 * `0.05` (after `0.0`); leaving the input stores the rest.
 */
export function isCanonicalNumber(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === "" || String(Number(trimmed)) === trimmed;
}

/**
 * `delivery` with `key` set to `value` (undefined removes it). Returns undefined once no key is
 * left, so the `delivery` key itself goes away; returns `delivery` itself when nothing changes.
 */
export function withDeliveryKey<T extends BoardDelivery | ConsumerDelivery, K extends keyof T>(
  delivery: T | undefined,
  key: K,
  value: T[K] | undefined,
): T | undefined {
  const current = delivery?.[key];
  if (current === value) return delivery;
  const next = { ...delivery } as T;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return Object.keys(next).length === 0 ? undefined : next;
}

/** The board with `settings.delivery` replaced; `settings` goes away when nothing is left in it. */
export function withBoardDelivery(board: Board, delivery: BoardDelivery | undefined): Board {
  if (board.settings?.delivery === delivery) return board;
  const { delivery: _, ...settings } = board.settings ?? {};
  const nextSettings = delivery === undefined ? settings : { ...settings, delivery };
  const { settings: __, ...rest } = board;
  return Object.keys(nextSettings).length === 0 ? rest : { ...rest, settings: nextSettings };
}

/** A consumer group name as the board format accepts it (lib/model's pattern), or the problem with it (blank: none set). */
export function groupProblem(text: string): "pattern" | null {
  if (text === "") return null;
  return GROUP_NAME_PATTERN.test(text) ? null : "pattern";
}

/** A duration for people: `200 ms`, `1.6 s`, `2 min`, `1 h`. */
export function formatMs(ms: number): string {
  const round = (n: number) => String(Math.round(n * 10) / 10);
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}

/**
 * What a policy does, in the design document's own words (one wording, so the two never disagree),
 * in the UI's language: the document's languages are the UI's (`en`, `ko`).
 */
export function policySummary(policy: RetryPolicy, lang: Lang = "en"): string {
  return retryPolicyText(policy, DESIGN_WORDS[lang].retry);
}

/** The consumer group a sticky belongs to (a merged consumer's group lists all its stickies), or null. */
export function groupOfNode(topology: BoardTopology, nodeId: string): ConsumerGroup | null {
  return topology.groups.find((group) => group.nodeIds.includes(nodeId)) ?? null;
}

/** A participant's command channel as the topology has it, or null when no saga step orchestrates it. */
export function commandChannelOf(topology: BoardTopology, node: Pick<BoardNode, "kind" | "name">): string | null {
  return topology.commandChannels.get(`${node.kind}:${nameKey(node.name)}`) ?? null;
}

/** A saga's reply channel as the topology has it, or null when it has no steps. */
export function replyChannelOf(topology: BoardTopology, saga: Pick<BoardNode, "name">): string | null {
  return topology.replyChannels.get(nameKey(saga.name)) ?? null;
}

/**
 * The partition keys an event can choose: its top-level payload field names, once each, and
 * the stored key when it is not one of them (so the select still shows it; `known` says whether
 * validation accepts it).
 */
export function partitionKeyChoices(event: Pick<EventNode, "payload" | "partitionKey">): { value: string; known: boolean }[] {
  const names = [...new Set(event.payload.map((field) => field.name).filter((name) => name.trim() !== ""))];
  const choices = names.map((value) => ({ value, known: true }));
  const stored = event.partitionKey;
  if (stored !== undefined && !names.includes(stored)) choices.push({ value: stored, known: stored === DEFAULTS.partitionKey });
  return choices;
}
