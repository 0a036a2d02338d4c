import { parseCheckpoint, START_CHECKPOINT, checkpointOf } from "../checkpoint";
import { ConcurrencyError, DuplicateEventError } from "../errors";
import type {
  AppendOptions,
  AppendResult,
  EventStoreWithOutbox,
  ExpectedVersion,
  ListStreamsOptions,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  StoredEvent,
  StreamInfo,
} from "../types";
import { checkLimit, checkName, checkVersionRange, prepareAppend } from "../validate";
import { createMemoryOutbox } from "./memoryOutbox";
import { createMemoryState, isoNow, toStoredEvent, type MemoryEventRow, type MemoryState } from "./memoryState";

export interface MemoryEventStoreOptions {
  /** Epoch milliseconds for `createdAt` and outbox leases; inject the simulation's clock to replay runs exactly. */
  now?: () => number;
}

/**
 * The in-memory twin of the PostgreSQL event store: same port, same errors, same ordering, held
 * to the same contract suite. Each call runs to completion before the next starts, so appends
 * are atomic and concurrent appends serialise exactly as row locks make them in PostgreSQL.
 * Deterministic: positions, transaction ids and outbox ids are counters; time is `now`.
 */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): EventStoreWithOutbox {
  const state = createMemoryState(options.now ?? Date.now);
  return {
    appendToStream: async (streamId, events, appendOptions) => appendToStream(state, streamId, events, appendOptions),
    readStream: async (streamId, readOptions) => readStream(state, streamId, readOptions),
    readAll: async (readOptions) => readAll(state, readOptions),
    streamVersion: async (streamId) => state.streams.get(checkName(streamId, "stream id"))?.version ?? 0,
    listStreams: async (listOptions) => listStreams(state, listOptions),
    outbox: createMemoryOutbox(state),
  };
}

function appendToStream(state: MemoryState, streamId: string, events: readonly NewEvent[], options: AppendOptions): AppendResult {
  const append = prepareAppend(streamId, events, options);
  const stream = state.streams.get(streamId);
  const actual = stream?.version ?? 0;
  if (!versionMatches(append.expectedVersion, stream ? actual : null)) throw new ConcurrencyError(streamId, append.expectedVersion, actual);
  const duplicate = append.events.find((e) => state.eventsById.has(e.eventId));
  if (duplicate) throw new DuplicateEventError(streamId, duplicate.eventId);

  // Checks are done: from here on nothing can fail, so the append is all or nothing.
  const row = stream ?? { streamId, streamType: append.streamType, runId: append.runId, version: 0, events: [] };
  if (!stream) state.streams.set(streamId, row);
  const transactionId = ++state.lastTransactionId;
  const createdAt = isoNow(state);
  const positions: string[] = [];
  const outboxIds: (string | null)[] = [];
  for (const e of append.events) {
    const event: MemoryEventRow = {
      eventId: e.eventId,
      type: e.type,
      dataJson: e.dataJson,
      metadataJson: e.metadataJson,
      streamId,
      version: ++row.version,
      globalPosition: ++state.lastPosition,
      transactionId,
      runId: append.runId,
      createdAt,
    };
    row.events.push(event);
    state.events.push(event);
    state.eventsById.set(event.eventId, event);
    positions.push(event.globalPosition.toString());
    if (e.outbox) {
      const id = ++state.lastOutboxId;
      // Written claimed when the writer publishes it itself (claimMs), as a claim would.
      const claimed = append.claimMs !== null;
      state.outbox.push({
        id,
        eventId: e.eventId,
        topic: e.outbox.topic,
        key: e.outbox.key,
        runId: append.runId,
        createdAt,
        attempts: claimed ? 1 : 0,
        claimedUntil: claimed ? state.now() + append.claimMs! : null,
        publishedAt: null,
      });
      outboxIds.push(id.toString());
    } else {
      outboxIds.push(null);
    }
  }
  return { nextVersion: row.version, positions, transactionId: transactionId.toString(), outboxIds, createdAt };
}

/** `current` is null when the stream does not exist. */
function versionMatches(expected: ExpectedVersion, current: number | null): boolean {
  if (expected === "any") return true;
  if (expected === "no_stream" || expected === 0) return current === null;
  return current === expected;
}

function readStream(state: MemoryState, streamId: string, options?: ReadStreamOptions): StoredEvent[] {
  checkName(streamId, "stream id");
  const { from, to } = checkVersionRange(options);
  const rows = state.streams.get(streamId)?.events ?? [];
  // Versions are 1-based and gapless, so they index the stream's array directly.
  return rows.slice(from - 1, to ?? undefined).map((r) => toStoredEvent(state, r));
}

function readAll(state: MemoryState, options: ReadAllOptions = {}): ReadAllResult {
  const after = options.after ?? START_CHECKPOINT;
  const { transactionId, globalPosition } = parseCheckpoint(after);
  const limit = checkLimit(options.limit, 100, 10_000);
  const runId = options.runId === undefined ? undefined : checkName(options.runId, "run id");

  const events: StoredEvent[] = [];
  for (let i = firstAfter(state.events, transactionId, globalPosition); i < state.events.length && events.length < limit; i++) {
    const row = state.events[i]!;
    if (runId === undefined || row.runId === runId) events.push(toStoredEvent(state, row));
  }
  const last = events.at(-1);
  return { events, checkpoint: last ? checkpointOf(last) : after };
}

/** Index of the first event after (transactionId, globalPosition): a binary search over readAll order. */
function firstAfter(events: readonly MemoryEventRow[], transactionId: bigint, globalPosition: bigint): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = events[mid]!;
    const isAfter = e.transactionId > transactionId || (e.transactionId === transactionId && e.globalPosition > globalPosition);
    if (isAfter) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function listStreams(state: MemoryState, options: ListStreamsOptions = {}): StreamInfo[] {
  const runId = options.runId === undefined ? undefined : checkName(options.runId, "run id");
  const limit = checkLimit(options.limit, 1_000, 10_000);
  const after = options.after === undefined ? undefined : checkName(options.after, "after (a stream id)");
  return [...state.streams.values()]
    .filter((s) => (runId === undefined || s.runId === runId) && (after === undefined || compareText(s.streamId, after) > 0))
    .sort((a, b) => compareText(a.streamId, b.streamId))
    .slice(0, limit)
    .map((s) => ({ streamId: s.streamId, streamType: s.streamType, version: s.version, runId: s.runId }));
}

/** Byte order of the UTF-8 text, as PostgreSQL's `COLLATE "C"` sorts it (not locale order). */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
