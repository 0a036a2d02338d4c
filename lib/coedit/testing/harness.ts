import { randomUUID } from "node:crypto";
import type pg from "pg";
import { io as connect } from "socket.io-client";
import { pgDocBus } from "../../boards/pgDocBus";
import { pgDocLog } from "../../boards/pgDocLog";
import { createEditorStore, type EditorStore } from "../../editor/store";
import type { Board } from "../../model/schema";
import { noRunsFeed } from "../../realtime/runtimeFeed";
import type { RunFeed } from "../../realtime/runFeed";
import type { RealtimeSocket } from "../../realtime/client";
import { SOCKET_PATH } from "../../realtime/protocol";
import { startRealtime } from "../../realtime/testing/socketHarness";
import { DocHub, type DocHubOptions } from "../docHub";
import { CoeditSession, type SessionOptions } from "../session";

/** A board row as the app creates it; its id and revision. */
export async function insertBoard(pool: pg.Pool, board: Board): Promise<{ id: string; revision: number }> {
  const { rows } = await pool.query<{ id: string; revision: number }>(
    `INSERT INTO boards (id, name, document, node_count) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id, revision`,
    [board.name, JSON.stringify(board), board.nodes.length],
  );
  return rows[0]!;
}

export interface CoeditServer {
  url: string;
  hub: DocHub;
  close(): Promise<void>;
}

/** One app server's co-editing part (socket.io + hub + bus) on `db`, on an ephemeral port. */
export async function startCoeditServer(db: { url: string; pool: pg.Pool }, opts: Partial<DocHubOptions> = {}, feed: RunFeed = noRunsFeed): Promise<CoeditServer> {
  let hub: DocHub | null = null;
  const bus = pgDocBus(db, () => hub?.resync(), () => undefined);
  hub = new DocHub(pgDocLog(db), bus, { serverId: randomUUID(), saveDelayMs: 50, ...opts });
  const server = await startRealtime({ version: "test", feed: () => feed, docs: hub, log: () => undefined });
  const h = hub;
  return {
    url: server.url,
    hub: h,
    async close() {
      await server.close();
      await h.close();
      await bus.close();
    },
  };
}

export interface TestPeer {
  store: EditorStore;
  session: CoeditSession;
  socket: RealtimeSocket;
  close(): void;
}

let ids = 0;

/** A browser's editor store and co-editing session over a real socket.io connection to `url`. */
export async function connectPeer(url: string, boardId: string, board: Board, revision: number, name: string, opts: SessionOptions & { reconnection?: boolean } = {}): Promise<TestPeer> {
  const socket: RealtimeSocket = connect(url, { path: SOCKET_PATH, transports: ["websocket"], forceNew: true, reconnection: opts.reconnection ?? true, reconnectionDelay: 50, reconnectionDelayMax: 200 });
  const store = createEditorStore({ boardId, board, revision }, { newId: (p) => `${p}-${name.replace(/\W/g, "")}${++ids}`, now: () => Date.now() });
  const session = new CoeditSession(store, socket, { name, color: "#1971c2" }, { sendEveryMs: 5, ...opts });
  session.start();
  return {
    store,
    session,
    socket,
    close() {
      session.stop();
      socket.close();
    },
  };
}
