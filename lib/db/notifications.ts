import pg from "pg";

/**
 * PostgreSQL LISTEN/NOTIFY on one channel: what the servers on one database tell each other.
 * LISTEN needs a connection of its own for as long as it listens; a dropped one is opened again
 * (after `retryMs`), and `onReconnect` says so, because notifications sent meanwhile are lost:
 * the listener reads again what it may have missed.
 */
export interface Notifications {
  notify(payload: string): void;
  close(): Promise<void>;
}

export function listenChannel(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  opts: { onReconnect?: () => void; log?: (line: string) => void; retryMs?: number; pool?: pg.Pool } = {},
): Notifications {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`listenChannel: "${channel}" is not a plain channel name`);
  const log = opts.log ?? ((line: string) => console.error(line));
  const retryMs = opts.retryMs ?? 1000;
  let client: pg.Client | null = null;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let first = true;
  // NOTIFY goes through a small pool of its own: the app's pool may be saturated by a run.
  const sender = opts.pool ?? new pg.Pool({ connectionString: url, max: 2 });
  const ownSender = !opts.pool;

  const connect = async () => {
    timer = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (msg) => {
      if (msg.channel === channel && msg.payload !== undefined) onPayload(msg.payload);
    });
    c.on("error", (err) => {
      log(`notifications: ${err.message}; listening again in ${retryMs} ms`);
      retry(c);
    });
    c.on("end", () => retry(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (closed) {
        await c.end().catch(() => undefined);
        return;
      }
      client = c;
      if (!first) opts.onReconnect?.();
      first = false;
    } catch (err) {
      log(`notifications: ${err instanceof Error ? err.message : String(err)}; listening again in ${retryMs} ms`);
      retry(c);
    }
  };
  const retry = (c: pg.Client) => {
    if (client === c) client = null;
    c.removeAllListeners("end");
    void c.end().catch(() => undefined);
    if (!closed && timer === null) {
      first = false;
      timer = setTimeout(() => void connect(), retryMs);
      timer.unref?.();
    }
  };
  void connect();

  return {
    notify(payload) {
      if (closed) return;
      sender.query("SELECT pg_notify($1, $2)", [channel, payload]).catch((err: Error) => log(`notifications: notify failed: ${err.message}`));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners("end");
        await c.end().catch(() => undefined);
      }
      if (ownSender) await sender.end().catch(() => undefined);
    },
  };
}
