/**
 * lib/eventstore: the EventStore port, its PostgreSQL adapter and its in-memory twin.
 * Server-side only (the PostgreSQL adapter imports pg).
 */
export type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  ClaimOptions,
  EventMetadata,
  EventStore,
  EventStoreWithOutbox,
  ExpectedVersion,
  Int64String,
  ListStreamsOptions,
  NewEvent,
  Outbox,
  OutboxMessage,
  OutboxTarget,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  StoredEvent,
  StreamInfo,
} from "./types";
export {
  ConcurrencyError,
  DuplicateEventError,
  EventStoreError,
  EVENT_STORE_HTTP_STATUS,
  isConcurrencyError,
  isEventStoreError,
  type EventStoreErrorCode,
} from "./errors";
export { START_CHECKPOINT, checkpointOf, compareCheckpoints, parseCheckpoint } from "./checkpoint";
export { DEFAULT_LEASE_MS, MAX_EVENTS_PER_APPEND, MAX_NAME_LENGTH } from "./validate";
export { createMemoryEventStore, type MemoryEventStoreOptions } from "./memory";
export { createPostgresEventStore, createPostgresOutbox, type PostgresEventStore } from "./postgres";
