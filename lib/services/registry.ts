import type { Database } from "../db/database";
import type { BoardHistory } from "../boards/boardHistory";
import type { BoardStore } from "../boards/boardStore";
import type { PrismaClient } from "../db/prisma";
import type { RunService } from "../runtime/runService";

/**
 * What server.ts wires once and route handlers use: Next bundles route handlers apart from
 * server.ts's own module graph, so the one shared object lives on globalThis (which also keeps
 * dev reloads from opening a second pool).
 */
export interface Services {
  version: string;
  db: Database;
  prisma: PrismaClient;
  boards: BoardStore;
  /** Every board's saved revisions: list, read, restore, diff. */
  history: BoardHistory;
  /** The simulation runtime: runs of boards, their traces, dead letters, read models and streams. */
  runs: RunService;
  /** The real brokers runs may use (STORMFLOW_BROKERS), by id (URL without password); the in-process broker is always there. */
  brokers: readonly { readonly id: string; readonly kind: string }[];
}

const KEY = Symbol.for("stormflow.services");
type Holder = { [KEY]?: Services };

export function setServices(services: Services): void {
  (globalThis as Holder)[KEY] = services;
}

/** The wired services; throws when called outside the server (e.g. during `next build`). */
export function getServices(): Services {
  const s = (globalThis as Holder)[KEY];
  if (!s) throw new Error("Stormflow services are not wired: start the app with server.ts (npm start / npm run dev)");
  return s;
}
