import type { StoredEvent } from "../types";

/**
 * The in-memory twin's tables. Events keep their JSON as text and are parsed on every read, as
 * PostgreSQL's jsonb would hand back fresh objects: a caller mutating what it read changes nothing.
 */
export interface MemoryEventRow {
  readonly eventId: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly streamId: string;
  readonly version: number;
  readonly globalPosition: bigint;
  readonly transactionId: bigint;
  readonly runId: string | null;
  readonly createdAt: string;
}

export interface MemoryStreamRow {
  readonly streamId: string;
  readonly streamType: string | null;
  readonly runId: string | null;
  version: number;
  readonly events: MemoryEventRow[];
}

export interface MemoryOutboxRow {
  readonly id: bigint;
  readonly eventId: string;
  readonly topic: string;
  readonly key: string;
  readonly runId: string | null;
  readonly createdAt: string;
  attempts: number;
  /** Epoch ms; null when never claimed or released. */
  claimedUntil: number | null;
  publishedAt: string | null;
}

export interface MemoryState {
  readonly streams: Map<string, MemoryStreamRow>;
  /** Every event in readAll order: by transaction id, then position (both only grow here). */
  readonly events: MemoryEventRow[];
  readonly eventsById: Map<string, MemoryEventRow>;
  readonly outbox: MemoryOutboxRow[];
  lastPosition: bigint;
  lastTransactionId: bigint;
  lastOutboxId: bigint;
  /** Epoch milliseconds: injected so a simulation replays identically. */
  readonly now: () => number;
}

export function createMemoryState(now: () => number): MemoryState {
  return {
    streams: new Map(),
    events: [],
    eventsById: new Map(),
    outbox: [],
    lastPosition: 0n,
    lastTransactionId: 0n,
    lastOutboxId: 0n,
    now,
  };
}

/** A stored row as the port returns it: fresh objects, positions as strings. */
export function toStoredEvent(state: MemoryState, row: MemoryEventRow): StoredEvent {
  return {
    eventId: row.eventId,
    type: row.type,
    data: JSON.parse(row.dataJson) as unknown,
    metadata: JSON.parse(row.metadataJson) as StoredEvent["metadata"],
    streamId: row.streamId,
    streamType: state.streams.get(row.streamId)?.streamType ?? null,
    version: row.version,
    globalPosition: row.globalPosition.toString(),
    transactionId: row.transactionId.toString(),
    runId: row.runId,
    createdAt: row.createdAt,
  };
}

export function isoNow(state: MemoryState): string {
  return new Date(state.now()).toISOString();
}
