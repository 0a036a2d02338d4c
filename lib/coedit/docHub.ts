import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import { ModelError } from "../model/errors";
import { parseBoard } from "../model/parse";
import type { Board } from "../model/schema";
import { serializeBoard } from "../model/serialize";
import { readBoard, writeBoard } from "./boardDoc";
import { UpdateChecker, type UpdateLimits } from "./checkUpdate";
import { CoeditError } from "./errors";
import { readPresence } from "./presence";
import type { BusMessage, DocBus, DocLog, DocLogTx, LockedBoard } from "./ports";

/** Someone connected to a board through this server (a socket). */
export interface DocPeer {
  readonly id: string;
  update(boardId: string, update: Uint8Array): void;
  saved(boardId: string, revision: number, seq: number): void;
  presence(boardId: string, update: Uint8Array): void;
}

export interface DocHubOptions {
  /** This server's id on the bus (its own messages come back and are ignored). */
  serverId: string;
  /** How long after the last update the canonical board is saved (default 150 ms). */
  saveDelayMs?: number;
  /**
   * How long after the first update not yet saved it is saved at the latest, even while updates
   * keep coming closer together than saveDelayMs (default 2 s).
   */
  maxSaveDelayMs?: number;
  /** Updates in the log past which the board is compacted into a snapshot (default 500). */
  compactAfter?: number;
  /** How long a board nobody is on stays open (default 10 s). */
  idleMs?: number;
  limits?: Partial<UpdateLimits>;
  log?: (line: string) => void;
}

type Origin = { peer: string } | "batch" | "bus" | "rest" | "load";

/** Updates stored in one transaction at most. */
const MAX_BATCH = 100;

/**
 * The server side of co-editing: one Yjs document per open board, kept in step with the log in
 * PostgreSQL and with the other servers on the database.
 *
 * - An update is checked on a copy of the document first (the result must be a valid board within
 *   the limits; see checkUpdate), appended to the log, then applied and sent to everyone else on
 *   the board, here and (through the bus) on the other servers. The sender's answer comes after
 *   the append: an acknowledged edit survives a restart. Updates that arrive while the board is
 *   busy are taken together: checked at once and appended in one transaction (one commit for
 *   them all), each still answered with its own seq, in the order they came.
 * - Shortly after the last update, the canonical board (what GET, exports, runs and the CLI read)
 *   is derived from the document and saved as the next revision (and every maxSaveDelayMs at
 *   least while people keep editing); `flush` does it at once.
 * - Everything a board's document does runs one step at a time (`serial`), and every step that
 *   touches the log first reads what other servers appended (`catchUp`) under the row lock.
 */
export class DocHub {
  private readonly docs = new Map<string, LiveDoc>();
  private readonly unsubscribe: (() => void) | null;
  private closed = false;

  constructor(
    private readonly log: DocLog,
    private readonly bus: DocBus | null,
    private readonly opts: DocHubOptions,
  ) {
    this.unsubscribe = bus ? bus.subscribe((m) => this.onBus(m)) : null;
  }

  /** Joins `peer` to the board: what it lacks given its state vector, the server's state vector and presence. */
  async join(boardId: string, peer: DocPeer, stateVector: Uint8Array) {
    const live = await this.open(boardId);
    return live.serial(async () => {
      live.peers.set(peer.id, { peer, clients: new Set() });
      live.cancelIdle();
      let update: Uint8Array;
      try {
        update = Y.encodeStateAsUpdate(live.doc, stateVector);
      } catch {
        throw new CoeditError("bad_request", "doc:join: stateVector is not a Yjs state vector");
      }
      const presence = encodeAwarenessUpdate(live.awareness, [...live.awareness.getStates().keys()]);
      return { update, stateVector: Y.encodeStateVector(live.doc), revision: live.revision, savedSeq: live.savedSeq, presence };
    });
  }

  /** An update from `peer`: checked, stored, applied, passed on. Resolves with its seq once stored. */
  async update(boardId: string, peer: DocPeer, update: Uint8Array): Promise<number> {
    const live = this.joined(boardId, peer);
    return new Promise<number>((resolve, reject) => {
      live.incoming.push({ peer, update, resolve, reject });
      this.queueDrain(live);
    });
  }

  /** A board's waiting updates are taken by the next step of its queue (one step for however many). */
  private queueDrain(live: LiveDoc): void {
    if (live.drainQueued) return;
    live.drainQueued = true;
    void live.serial(() => this.drain(live)).catch((err) => this.warn(live.boardId, err));
  }

  /**
   * Checks, stores and applies the updates waiting (at most MAX_BATCH), in the order they came: all
   * at once when they pass together; else one at a time up to the first refused one, which is
   * answered with why, the ones after it waiting for the next step. Those that passed are appended
   * in one transaction; if it fails, each is answered with the failure.
   */
  private async drain(live: LiveDoc): Promise<void> {
    live.drainQueued = false;
    const batch = live.incoming.splice(0, MAX_BATCH);
    let accepted: typeof batch = [];
    let seqs: number[];
    try {
      seqs = await this.log.transaction(async (tx) => {
        // Checked against the document as the log has it now (another server's updates included),
        // under the board's lock: two edits valid alone cannot both land and make it invalid.
        await this.lockAndCatchUp(tx, live);
        accepted = this.acceptable(live, batch);
        if (accepted.length === 0) return [];
        return tx.appendAll(
          live.boardId,
          accepted.map((item) => item.update),
        );
      });
    } catch (err) {
      // Not stored, so not applied: the checker's copy, which has them, goes.
      live.checker.discard();
      for (const item of accepted) item.reject(err);
      if (accepted.length === 0) for (const item of batch) item.reject(err);
      return;
    } finally {
      if (live.incoming.length > 0) this.queueDrain(live);
    }
    if (accepted.length === 0) return;
    // Applied as one change, so everyone on the board gets one message for the batch (their own
    // edits come back in it and change nothing there); a batch of one is not sent to its sender.
    const origin: Origin = accepted.length === 1 ? { peer: accepted[0]!.peer.id } : "batch";
    live.doc.transact(() => {
      for (const item of accepted) Y.applyUpdate(live.doc, item.update);
    }, origin);
    live.lastSeq = Math.max(live.lastSeq, ...seqs);
    for (const item of accepted) for (const name of this.namesOf(live, item.peer.id)) live.authors.add(name);
    this.bus?.publish({ kind: "update", boardId: live.boardId, server: this.opts.serverId, seq: live.lastSeq });
    this.afterAppend(live, accepted.length);
    accepted.forEach((item, i) => item.resolve(seqs[i]!));
  }

  /**
   * The updates of `batch` that may be applied, in order: all when they pass together; else one at
   * a time up to the first refused one, which is answered with why, the ones after it going back to
   * wait for the next step.
   */
  private acceptable(live: LiveDoc, batch: LiveDoc["incoming"]): LiveDoc["incoming"] {
    if (batch.length > 1 && live.checker.check(...batch.map((b) => b.update)) === null) return batch;
    const accepted: LiveDoc["incoming"] = [];
    for (const [i, item] of batch.entries()) {
      const problem = live.checker.check(item.update);
      if (problem) {
        item.reject(new CoeditError("refused", problem));
        live.incoming.unshift(...batch.slice(i + 1));
        break;
      }
      accepted.push(item);
    }
    return accepted;
  }

  /** A presence (awareness) update from `peer`, passed on to everyone else on the board. */
  presence(boardId: string, peer: DocPeer, update: Uint8Array): void {
    const live = this.joined(boardId, peer);
    let clients: number[];
    try {
      clients = awarenessClients(update);
    } catch {
      throw new CoeditError("bad_request", "presence: update is not an awareness update");
    }
    // A peer speaks for its own clients only: never someone else's cursor or name, nor their leaving.
    for (const [id, member] of live.peers) {
      if (id !== peer.id && clients.some((c) => member.clients.has(c))) throw new CoeditError("bad_request", "presence: the update speaks for another participant");
    }
    const mine = live.peers.get(peer.id)!.clients;
    if (new Set([...mine, ...clients]).size > MAX_CLIENTS_PER_PEER) throw new CoeditError("bad_request", `presence: at most ${MAX_CLIENTS_PER_PEER} participants per connection`);
    try {
      applyAwarenessUpdate(live.awareness, update, { peer: peer.id } satisfies Origin);
    } catch {
      throw new CoeditError("bad_request", "presence: update is not an awareness update");
    }
  }

  /** `peer` left the board (or disconnected): its presence is removed. */
  leave(boardId: string, peer: DocPeer): void {
    const live = this.docs.get(boardId);
    const member = live?.peers.get(peer.id);
    if (!live || !member) return;
    live.peers.delete(peer.id);
    if (member.clients.size > 0) removeAwarenessStates(live.awareness, [...member.clients], "leave");
    if (live.peers.size === 0) live.idleAfter(this.opts.idleMs ?? 10_000, () => void this.unload(boardId, live));
  }

  /** Saves the canonical board now; its revision and the log seq it covers. */
  async flush(boardId: string): Promise<{ revision: number; seq: number }> {
    const live = await this.open(boardId);
    live.cancelSave();
    await live.serial(() => this.save(live));
    if (live.peers.size === 0) live.idleAfter(this.opts.idleMs ?? 10_000, () => void this.unload(boardId, live));
    return { revision: live.revision, seq: live.savedSeq };
  }

  /**
   * A whole board saved over `revision` (REST `PUT`, scripts): applied to the document as the
   * edits it amounts to, so open browsers show it, and saved as the next revision at once.
   * A stale revision is a conflict, as before co-editing.
   */
  async replace(boardId: string, revision: number, board: Board): Promise<{ revision: number }> {
    const live = await this.open(boardId);
    try {
      return await live.serial(async () => {
        const result = await this.log.transaction(async (tx) => {
          const row = await this.lockAndCatchUp(tx, live);
          if (row.revision !== revision) throw new CoeditError("conflict", `stale revision ${revision}`, row.revision);
          // Edits acknowledged since that revision and not saved as one yet (the save follows them
          // by a moment) are newer than what the script read: its save would undo them.
          if (row.docSeq < live.lastSeq && this.changedSince(live, row)) {
            live.scheduleSave(0, () => this.save(live).catch((err) => this.warn(live.boardId, err)));
            throw new CoeditError("conflict", `edits since revision ${revision}`, row.revision + 1);
          }
          const updates: Uint8Array[] = [];
          const collect = (u: Uint8Array) => updates.push(u);
          live.doc.on("update", collect);
          try {
            writeBoard(live.doc, board, "rest" satisfies Origin);
          } finally {
            live.doc.off("update", collect);
          }
          let seq = live.lastSeq;
          if (updates.length > 0) seq = await tx.append(boardId, Y.mergeUpdates(updates));
          live.lastSeq = seq;
          // A script's save is a new revision even when nothing changed, as it always was.
          return { revision: await this.derive(tx, live, row, true), seq };
        });
        if (result.seq !== live.savedSeq) this.bus?.publish({ kind: "update", boardId, server: this.opts.serverId, seq: result.seq });
        this.announceSaved(boardId, live);
        return { revision: result.revision };
      });
    } finally {
      if (live.peers.size === 0) live.idleAfter(this.opts.idleMs ?? 10_000, () => void this.unload(boardId, live));
    }
  }

  /** Open boards and their peers here (tests, diagnostics). */
  stats(): { boards: number; peers: number } {
    let peers = 0;
    for (const live of this.docs.values()) peers += live.peers.size;
    return { boards: this.docs.size, peers };
  }

  /** Saves what is pending and closes every board. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    await Promise.all([...this.docs.entries()].map(([id, live]) => this.unload(id, live)));
  }

  /** Every open board reads the log again (the bus lost messages while it reconnected). */
  resync(): void {
    for (const live of this.docs.values()) void live.serial(() => this.catchUpOnly(live)).catch((err) => this.warn(live.boardId, err));
  }

  // -------------------------------------------------------------------------

  private joined(boardId: string, peer: DocPeer): LiveDoc {
    const live = this.docs.get(boardId);
    if (!live || !live.peers.has(peer.id)) throw new CoeditError("not_joined", `Join board ${boardId.slice(0, 80)} (doc:join) before sending to it`);
    return live;
  }

  private async open(boardId: string): Promise<LiveDoc> {
    if (this.closed) throw new CoeditError("unavailable", "The server is shutting down");
    let live = this.docs.get(boardId);
    if (!live) {
      live = new LiveDoc(boardId, this.opts.limits);
      this.docs.set(boardId, live);
      this.wire(live);
      const opening = live;
      opening.loading = opening.serial(() => this.load(opening)).then(() => {
        opening.ready = true;
      }, (err: unknown) => {
        this.docs.delete(boardId);
        opening.destroy();
        throw err;
      });
    }
    await live.loading;
    return live;
  }

  /** Reads the board's document from the log (or, the first time, from the stored board). */
  private async load(live: LiveDoc): Promise<void> {
    const derive = await this.log.transaction(async (tx) => {
      const row = await tx.lock(live.boardId);
      if (!row) throw new CoeditError("not_found", `No board with id "${live.boardId.slice(0, 80)}"`);
      live.revision = row.revision;
      const { snapshot, updates } = await tx.readSince(live.boardId, 0);
      if (!snapshot && updates.length === 0) {
        // First opened since co-editing: the document starts as the stored board.
        writeBoard(live.doc, parseBoard(row.document), "load" satisfies Origin);
        live.lastSeq = await tx.append(live.boardId, Y.encodeStateAsUpdate(live.doc));
        await tx.markDerived(live.boardId, live.lastSeq);
        live.savedSeq = live.lastSeq;
        return false;
      }
      this.applyLogged(live, snapshot, updates, "load");
      live.sinceSnapshot = updates.length;
      live.savedSeq = row.docSeq;
      // A server that stopped between an update and its save left the board behind the log.
      return row.docSeq < live.lastSeq;
    });
    if (derive) live.scheduleSave(0, () => this.save(live).catch((err) => this.warn(live.boardId, err)));
  }

  private wire(live: LiveDoc): void {
    live.doc.on("update", (update: Uint8Array, origin: unknown) => {
      const from = typeof origin === "object" && origin !== null && "peer" in origin ? (origin as { peer: string }).peer : null;
      if (origin === "load") return;
      for (const [id, { peer }] of live.peers) if (id !== from) peer.update(live.boardId, update);
    });
    live.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const from = typeof origin === "object" && origin !== null && "peer" in origin ? (origin as { peer: string }).peer : null;
      if (from) {
        const member = live.peers.get(from);
        for (const id of added) member?.clients.add(id);
        for (const id of removed) member?.clients.delete(id);
      }
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      const update = encodeAwarenessUpdate(live.awareness, changed);
      for (const [id, { peer }] of live.peers) if (id !== from) peer.presence(live.boardId, update);
      if (origin !== "bus" && this.bus) this.publishPresence(live, changed);
    });
  }

  /** Sends presence changes to the other servers, gathered for BUS_PRESENCE_MS (a pointer moves many times a second). */
  private publishPresence(live: LiveDoc, clients: number[]): void {
    for (const c of clients) live.busPresence.add(c);
    if (live.busPresenceTimer) return;
    live.busPresenceTimer = setTimeout(() => {
      live.busPresenceTimer = null;
      const ids = [...live.busPresence];
      live.busPresence.clear();
      if (live.destroyed || ids.length === 0) return;
      const update = encodeAwarenessUpdate(live.awareness, ids);
      this.bus?.publish({ kind: "presence", boardId: live.boardId, server: this.opts.serverId, update: Buffer.from(update).toString("base64") });
    }, BUS_PRESENCE_MS);
    live.busPresenceTimer.unref?.();
  }

  private applyLogged(live: LiveDoc, snapshot: { seq: number; update: Uint8Array } | null, updates: { seq: number; update: Uint8Array }[], origin: Origin): void {
    if (snapshot) {
      Y.applyUpdate(live.doc, snapshot.update, origin);
      live.lastSeq = Math.max(live.lastSeq, snapshot.seq);
    }
    for (const u of updates) {
      Y.applyUpdate(live.doc, u.update, origin);
      live.lastSeq = Math.max(live.lastSeq, u.seq);
    }
  }

  /** Locks the board and applies what other servers appended since this one last read. */
  private async lockAndCatchUp(tx: DocLogTx, live: LiveDoc): Promise<LockedBoard> {
    const row = await tx.lock(live.boardId);
    if (!row) throw new CoeditError("not_found", `The board ${live.boardId.slice(0, 80)} was deleted`);
    const { snapshot, updates } = await tx.readSince(live.boardId, live.lastSeq);
    this.applyLogged(live, snapshot, updates, "bus");
    if (row.revision > live.revision) live.revision = row.revision;
    return row;
  }

  private async catchUpOnly(live: LiveDoc): Promise<void> {
    await this.log.transaction(async (tx) => {
      await this.lockAndCatchUp(tx, live);
    });
  }

  private afterAppend(live: LiveDoc, count: number): void {
    live.sinceSnapshot += count;
    live.scheduleSave(this.opts.saveDelayMs ?? 150, () => this.save(live).catch((err) => this.warn(live.boardId, err)), this.opts.maxSaveDelayMs ?? 2000);
    if (live.sinceSnapshot >= (this.opts.compactAfter ?? 500)) {
      live.sinceSnapshot = 0;
      void live.serial(() => this.compact(live)).catch((err) => this.warn(live.boardId, err));
    }
  }

  /** Derives the canonical board from the document and stores it if it changed; tells everyone. */
  private async save(live: LiveDoc): Promise<void> {
    await this.log.transaction(async (tx) => {
      const row = await this.lockAndCatchUp(tx, live);
      await this.derive(tx, live, row);
    });
    this.announceSaved(live.boardId, live);
  }

  private async derive(tx: DocLogTx, live: LiveDoc, row: LockedBoard, newRevision = false): Promise<number> {
    if (row.docSeq >= live.lastSeq && !newRevision) {
      live.savedSeq = row.docSeq;
      live.revision = row.revision;
      return row.revision;
    }
    let board: Board;
    try {
      board = parseBoard(readBoard(live.doc));
    } catch (err) {
      // Two edits valid alone may merge into a board the schema refuses (both filled the last
      // free place): the stored board stays as it was until an edit mends it.
      this.warn(live.boardId, err);
      return row.revision;
    }
    const unchanged = !newRevision && serializeBoard(board) === serializeBoard(parseBoard(row.document));
    if (unchanged) await tx.markDerived(live.boardId, live.lastSeq);
    live.revision = unchanged ? row.revision : await tx.saveBoard(live.boardId, board, live.lastSeq, [...live.authors]);
    if (!unchanged) live.authors.clear();
    live.savedSeq = live.lastSeq;
    return live.revision;
  }

  /** The names `peer`'s participants show (their presence), for the revision their edits go into. */
  private namesOf(live: LiveDoc, peerId: string): string[] {
    const clients = live.peers.get(peerId)?.clients ?? new Set<number>();
    const states = live.awareness.getStates();
    return [...clients].flatMap((client) => {
      const name = readPresence(states.get(client))?.user.name;
      return name ? [name] : [];
    });
  }

  /** Whether the document differs from the board stored at `row` (edits not saved as a revision yet). */
  private changedSince(live: LiveDoc, row: LockedBoard): boolean {
    try {
      return serializeBoard(parseBoard(readBoard(live.doc))) !== serializeBoard(parseBoard(row.document));
    } catch {
      return true;
    }
  }

  private announceSaved(boardId: string, live: LiveDoc): void {
    for (const { peer } of live.peers.values()) peer.saved(boardId, live.revision, live.savedSeq);
    this.bus?.publish({ kind: "saved", boardId, server: this.opts.serverId, revision: live.revision, seq: live.savedSeq });
  }

  private async compact(live: LiveDoc): Promise<void> {
    await this.log.transaction(async (tx) => {
      await this.lockAndCatchUp(tx, live);
      await tx.compact(live.boardId, Y.encodeStateAsUpdate(live.doc), live.lastSeq);
    });
  }

  private onBus(message: BusMessage): void {
    if (message.server === this.opts.serverId) return;
    const live = this.docs.get(message.boardId);
    if (!live || !live.ready) return;
    if (message.kind === "update") {
      if (message.seq <= live.lastSeq) return;
      void live.serial(() => this.catchUpOnly(live)).catch((err) => this.warn(live.boardId, err));
    } else if (message.kind === "saved") {
      if (message.revision <= live.revision) return;
      live.revision = message.revision;
      live.savedSeq = Math.max(live.savedSeq, message.seq);
      for (const { peer } of live.peers.values()) peer.saved(live.boardId, message.revision, message.seq);
    } else {
      try {
        applyAwarenessUpdate(live.awareness, Buffer.from(message.update, "base64"), "bus" satisfies Origin);
      } catch {
        // A malformed message from the bus changes nothing.
      }
    }
  }

  private async unload(boardId: string, live: LiveDoc): Promise<void> {
    if (this.docs.get(boardId) !== live) return;
    if (live.peers.size > 0 && !this.closed) return;
    this.docs.delete(boardId);
    live.cancelIdle();
    if (live.cancelSave()) await live.serial(() => this.save(live)).catch((err) => this.warn(boardId, err));
    await live.serial(async () => undefined).catch(() => undefined);
    live.destroy();
  }

  private warn(boardId: string, err: unknown): void {
    if (err instanceof CoeditError && err.code === "not_found") return;
    const text = err instanceof ModelError || err instanceof Error ? err.message : String(err);
    (this.opts.log ?? console.error)(`coedit: board ${boardId}: ${text.replace(/\s+/g, " ").slice(0, 500)}`);
  }
}

/** Participants one connection may speak for (a tab has one; a resync makes a new one). */
const MAX_CLIENTS_PER_PEER = 4;
/** Presence changes go to the other servers at most this often, together (each is a NOTIFY). */
const BUS_PRESENCE_MS = 100;

/** The client ids an awareness update is about (y-protocols' encoding: count, then id, clock, state per client). */
function awarenessClients(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    JSON.parse(decoding.readVarString(decoder));
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes");
  return ids;
}

/** One open board: its document, presence, peers here, and its place in the log. */
class LiveDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness;
  readonly checker: UpdateChecker;
  /** Updates waiting for the next step (drain), in the order they came. */
  readonly incoming: { peer: DocPeer; update: Uint8Array; resolve: (seq: number) => void; reject: (err: unknown) => void }[] = [];
  drainQueued = false;
  readonly busPresence = new Set<number>();
  busPresenceTimer: ReturnType<typeof setTimeout> | null = null;
  destroyed = false;
  readonly peers = new Map<string, { peer: DocPeer; clients: Set<number> }>();
  /** Who edited since the last saved revision (presence names of the peers whose updates were applied here). */
  readonly authors = new Set<string>();
  lastSeq = 0;
  savedSeq = 0;
  revision = 0;
  sinceSnapshot = 0;
  loading: Promise<void> = Promise.resolve();
  ready = false;
  private queue: Promise<unknown> = Promise.resolve();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private saveDue = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly boardId: string,
    limits: Partial<UpdateLimits> = {},
  ) {
    this.checker = new UpdateChecker(this.doc, limits);
    this.awareness = new Awareness(this.doc);
    // The server is not a participant: it only relays.
    this.awareness.setLocalState(null);
  }

  /** Runs `step` after every step queued before it; a failed step does not stop the next. */
  serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Saves `delayMs` from now, or when the save already pending is due at the latest (`maxDelayMs` after it was first asked for). */
  scheduleSave(delayMs: number, save: () => Promise<void>, maxDelayMs = delayMs): void {
    const now = Date.now();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    else this.saveDue = now + Math.max(delayMs, maxDelayMs);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.serial(save);
    }, Math.min(delayMs, this.saveDue - now));
  }

  /** Cancels a pending save; whether there was one. */
  cancelSave(): boolean {
    if (!this.saveTimer) return false;
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    return true;
  }

  idleAfter(ms: number, then: () => void): void {
    this.cancelIdle();
    this.idleTimer = setTimeout(then, ms);
    this.idleTimer.unref?.();
  }

  cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  destroy(): void {
    this.destroyed = true;
    if (this.busPresenceTimer) clearTimeout(this.busPresenceTimer);
    this.cancelSave();
    this.cancelIdle();
    this.checker.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
