/**
 * The EventStore port: what the simulator, the API and the UI need from an event store, in
 * plain data. Defined here, in the core, so that adapters depend on the core and never the
 * other way round; implemented by lib/eventstore's PostgreSQL adapter (`postgres/`) and its
 * in-memory twin (`memory/`), which `lib/eventstore/testing/contract.ts` holds to the same behaviour.
 *
 * Positions and transaction ids are 64-bit in PostgreSQL, so they travel as decimal strings:
 * everything returned here survives `JSON.stringify` / `JSON.parse` unchanged (timestamps are
 * ISO strings for the same reason). Compare positions with `BigInt(p)`, never as strings.
 */

/** A 64-bit integer (a global position, a transaction id, an outbox id) as a decimal string. */
export type Int64String = string;

/** Where a `readAll` reader stands; opaque, JSON-safe, ordered. See `checkpoint.ts`. */
export type Checkpoint = string;

/** Why an event happened: constant across everything one entry command causes, plus its direct cause. */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  readonly [key: string]: unknown;
}

/** An event to append. `data` and `metadata` must be JSON-serialisable. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** A UUID chosen by the writer; unique across the store, so a retried append cannot double-write. */
  readonly eventId: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/** An event as read back: the new event plus where and when it was stored. */
export interface StoredEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  readonly streamId: string;
  readonly streamType: string | null;
  /** Position in its stream, 1-based and gapless. */
  readonly version: number;
  /** Position across all streams; increases with every append (may skip numbers, never repeats). */
  readonly globalPosition: Int64String;
  /** The writing transaction's id; every event of one append shares it. */
  readonly transactionId: Int64String;
  readonly runId: string | null;
  /** ISO-8601, UTC. */
  readonly createdAt: string;
}

/**
 * What the writer believes the stream's version is: `"no_stream"` (it must not exist yet; the same
 * as `0`), a version (it must be exactly there), or `"any"` (no check).
 */
export type ExpectedVersion = number | "any" | "no_stream";

/** Where one event's outbox message goes; `key` (the ordering key) defaults to the stream id. */
export interface OutboxTarget {
  readonly topic: string;
  readonly key?: string;
}

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  /** Recorded when the stream is created (e.g. the aggregate name); later appends keep the first one. */
  readonly streamType?: string;
  /** The simulation run the stream belongs to: recorded on the stream (at creation) and on each event. */
  readonly runId?: string;
  /**
   * Outbox rows written in the same transaction: one target for every event, or one per event
   * (`null`: no message for that event). Omitted: no outbox rows.
   */
  readonly outbox?: OutboxTarget | readonly (OutboxTarget | null)[];
  /**
   * The writer publishes the outbox rows itself right after the commit: they are written
   * claimed, for this lease (ms), so no relay claims them meanwhile; when the lease runs out
   * unpublished (the writer died), any relay does.
   */
  readonly claimMs?: number;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the next `expectedVersion`. */
  readonly nextVersion: number;
  /** Global positions of the appended events, in order. */
  readonly positions: readonly Int64String[];
  readonly transactionId: Int64String;
  /** The outbox row of each event (null for an event without one), in order. */
  readonly outboxIds: readonly (Int64String | null)[];
  /** When the events were stored (ISO-8601, UTC), as `StoredEvent.createdAt` will say. */
  readonly createdAt: string;
}

/** Inclusive range of stream versions; both ends optional. */
export interface ReadStreamOptions {
  readonly from?: number;
  readonly to?: number;
}

export interface ReadAllOptions {
  /** Read events after this checkpoint; omitted: from the beginning. */
  readonly after?: Checkpoint;
  /** At most this many events (default 100, at most 10,000). */
  readonly limit?: number;
  /** Only this run's events. */
  readonly runId?: string;
}

export interface ReadAllResult {
  readonly events: readonly StoredEvent[];
  /** Pass as `after` to read on; equals `after` when nothing new could be read safely. */
  readonly checkpoint: Checkpoint;
}

export interface ListStreamsOptions {
  /** Only this run's streams; omitted: every stream. */
  readonly runId?: string;
  /** Only streams whose id comes after this one (byte order): pass the last id of a page to read the next. */
  readonly after?: string;
  /** At most this many streams (default 1,000, at most 10,000). */
  readonly limit?: number;
}

export interface StreamInfo {
  readonly streamId: string;
  readonly streamType: string | null;
  readonly version: number;
  readonly runId: string | null;
}

/**
 * The event store port. `Tx` is the adapter's transaction handle (a `pg.PoolClient` for
 * PostgreSQL); passing one makes the call part of the caller's transaction, so a consumer can
 * write its effect, its processed-message record and its new events atomically. The in-memory
 * twin has no transactions (`Tx = never`).
 */
export interface EventStore<Tx = never> {
  /**
   * Appends `events` to `streamId` if its version matches `expectedVersion`, with their outbox
   * rows, all or nothing. Throws `ConcurrencyError` on a version mismatch (nothing written),
   * `DuplicateEventError` when an event id is already stored, `EventStoreError("invalid_argument")`
   * on malformed input.
   */
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions, tx?: Tx): Promise<AppendResult>;
  /** The stream's events in version order (empty when the stream does not exist). */
  readStream(streamId: string, options?: ReadStreamOptions, tx?: Tx): Promise<StoredEvent[]>;
  /**
   * Events of every stream after `after`, in one total order that never lets a reader skip an
   * event committed later by a slower transaction: events of transactions still in flight are
   * held back until they (and every older transaction) finish.
   */
  readAll(options?: ReadAllOptions, tx?: Tx): Promise<ReadAllResult>;
  /** The stream's version: its number of events, 0 when it does not exist. */
  streamVersion(streamId: string, tx?: Tx): Promise<number>;
  /** Streams ordered by id, e.g. the streams of one simulation run. */
  listStreams(options?: ListStreamsOptions, tx?: Tx): Promise<StreamInfo[]>;
}

/** An outbox row handed to a relay: the event to publish, its topic and its ordering key. */
export interface OutboxMessage {
  readonly id: Int64String;
  readonly topic: string;
  readonly key: string;
  readonly runId: string | null;
  /** How many times the row has been claimed, this claim included. */
  readonly attempts: number;
  readonly createdAt: string;
  readonly event: StoredEvent;
}

export interface ClaimOptions {
  /**
   * How long the claim keeps other relays off these rows (default 30,000 ms). A relay that dies
   * before `markPublished` loses the claim when it expires, and the rows are claimed again.
   */
  readonly leaseMs?: number;
  /** Only this run's rows. */
  readonly runId?: string;
}

/**
 * Storage for the transactional outbox: rows are written by `appendToStream`; a relay claims
 * them, publishes, and marks them published (at-least-once: a row is only done once marked).
 */
export interface Outbox {
  /** Up to `limit` unpublished, unclaimed rows in the order they were written, now claimed. */
  claimUnpublished(limit: number, options?: ClaimOptions): Promise<OutboxMessage[]>;
  /** Marks rows published; returns how many were not already. */
  markPublished(ids: readonly Int64String[]): Promise<number>;
  /** Gives claimed rows back unpublished (e.g. the broker refused them); returns how many. */
  releaseClaims(ids: readonly Int64String[]): Promise<number>;
  /** Rows not yet published (claimed or not). */
  countUnpublished(options?: { readonly runId?: string }): Promise<number>;
}

/** An event store together with its outbox, as both adapters provide them. */
export interface EventStoreWithOutbox<Tx = never> extends EventStore<Tx> {
  readonly outbox: Outbox;
}
