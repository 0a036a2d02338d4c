import { listenChannel, type Database } from "../db";
import type { BusMessage, DocBus } from "../coedit/ports";

const CHANNEL = "stormflow_board_docs";
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; a bigger presence update is not sent. */
const MAX_PAYLOAD = 7900;

/**
 * The co-editing bus over PostgreSQL LISTEN/NOTIFY: every server on the database hears every
 * other's messages (and its own, which the hub ignores by `server`). `onReconnect` fires after a
 * lost listening connection came back: the hub then reads every open board's log again.
 */
export function pgDocBus(db: Pick<Database, "url" | "pool">, onReconnect: () => void, log?: (line: string) => void): DocBus & { close(): Promise<void> } {
  const listeners = new Set<(m: BusMessage) => void>();
  const channel = listenChannel(
    db.url,
    CHANNEL,
    (payload) => {
      let message: BusMessage;
      try {
        message = JSON.parse(payload) as BusMessage;
      } catch {
        return;
      }
      for (const l of listeners) l(message);
    },
    { onReconnect, log, pool: db.pool },
  );
  return {
    publish(message) {
      const payload = JSON.stringify(message);
      if (payload.length < MAX_PAYLOAD) channel.notify(payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => channel.close(),
  };
}
