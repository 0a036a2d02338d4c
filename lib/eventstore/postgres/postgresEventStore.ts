import type pg from "pg";
import type { EventStoreWithOutbox } from "../types";
import { appendToStream } from "./appendToStream";
import { listStreams } from "./listStreams";
import { createPostgresOutbox } from "./outbox";
import { readAll } from "./readAll";
import { readStream, streamVersion } from "./readStream";

/** The PostgreSQL event store; pass a client (`tx`) to run a call inside your own transaction. */
export type PostgresEventStore = EventStoreWithOutbox<pg.ClientBase>;

/**
 * The event store over the app's pool, on the tables and the `es_append` function of the
 * `event_store` migration (applied by lib/db's `migrate`).
 *
 * @example Atomic effect + events in a consumer:
 *   const client = await pool.connect();
 *   await client.query("BEGIN");
 *   await client.query("INSERT INTO processed ...");
 *   await store.appendToStream(id, events, { expectedVersion: v }, client);
 *   await client.query("COMMIT");
 */
export function createPostgresEventStore(pool: pg.Pool): PostgresEventStore {
  return {
    appendToStream: (streamId, events, options, tx) => appendToStream(tx ?? pool, streamId, events, options),
    readStream: (streamId, options, tx) => readStream(tx ?? pool, streamId, options),
    readAll: (options, tx) => readAll(tx ?? pool, options),
    streamVersion: (streamId, tx) => streamVersion(tx ?? pool, streamId),
    listStreams: (options, tx) => listStreams(tx ?? pool, options),
    outbox: createPostgresOutbox(pool),
  };
}
