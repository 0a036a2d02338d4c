import * as Y from "yjs";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import type { EditorStore } from "../editor/store";
import type { Board } from "../model/schema";
import { rebase } from "./rebase";
import type { DocJoinReply, DocRefusal, DocUpdateReply } from "../realtime/protocol";
import type { RealtimeSocket } from "../realtime/client";
import { docMaps, readBoard, writeBoard } from "./boardDoc";
import { shareUnchanged } from "./shareUnchanged";
import { readPresence, type Participant, type PresenceState } from "./presence";
import { undoStep } from "./undoStep";

/** How long a page waits for its first connection before it says it is offline. */
const OFFLINE_AFTER_MS = 1500;

/** The origin of this browser's own edits: the only ones its undo manager tracks. */
const LOCAL = { local: true };
/** The origin of what the server sent. */
const REMOTE = { remote: true };
/** The origin of a value an undo or redo lost and undoStep set again (sent like an edit; not an undo step). */
const REPAIR = { repair: true };

export interface SessionOptions {
  /** Local edits are sent at most this often (a drag is many edits; default 40 ms). */
  sendEveryMs?: number;
  /** Y.UndoManager's capture time (default 600 ms); the store's own undo steps decide what undoes together (see `start`). */
  captureMs?: number;
  /** A refused-for-now edit (database unavailable) is sent again after this (default 1 s). */
  retryMs?: number;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

/** What the session is bound to: one board's document, its presence and its undo. */
class Replica {
  // No garbage collection here: Y.UndoManager follows items its redos made, and one that was
  // collected (its sticky deleted by someone else) made undo throw halfway (lib/coedit/undoStep.ts).
  readonly doc = new Y.Doc({ gc: false });
  readonly awareness = new Awareness(this.doc);
  readonly undo: Y.UndoManager;
  constructor(captureMs: number) {
    const { board, nodes, edges, frames, notes } = docMaps(this.doc);
    this.undo = new Y.UndoManager([board, nodes, edges, frames, notes], { trackedOrigins: new Set([LOCAL]), captureTimeout: captureMs });
  }
  destroy() {
    this.undo.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/**
 * A browser's side of co-editing a board: the editor store becomes a view of the board's shared
 * Yjs document.
 *
 * - Every change of the store's board that is the user's (add, move, rename, connect, delete,
 *   layout, paste: whatever the store's actions did) is written into the document as one
 *   transaction (`writeBoard` writes only what differs) and sent to the server.
 * - What comes from the server, and this user's undo and redo, change the document first; the
 *   store then shows the document's board (`applyRemote`: no undo step of the store's own).
 * - Undo is a Y.UndoManager tracking this browser's edits only: it never undoes someone else's.
 * - Offline, edits stay in the document; on reconnect the server says what it has (its state
 *   vector) and gets what it lacks as one update. The save state counts edits not yet
 *   acknowledged, and says "saved" once the canonical board includes them.
 * - An edit the server refuses (it would make the board invalid) makes the session drop its copy
 *   and sync again from the server's.
 */
export class CoeditSession {
  private replica: Replica;
  private readonly opts: Required<Omit<SessionOptions, "timers">> & Pick<SessionOptions, "timers">;
  private readonly timers: NonNullable<SessionOptions["timers"]>;
  private synced = false;
  private online = false;
  /** The user edited before the first sync: that board is written over the server's once synced. */
  private editedBeforeSync = false;
  /** The board as the page loaded it: what edits made before the first sync are compared with. */
  private readonly loaded: Board;
  /** Why this board cannot be edited any more (deleted), shown instead of the save state. */
  private gone: string | null = null;
  private stopped = false;
  private applying = false;
  private unsent: Uint8Array[] = [];
  private localSeq = 0;
  private ackedSeq = 0;
  private inFlight = 0;
  /** The log seq of this browser's last acknowledged edit, and the seq the canonical board covers. */
  private ackedLogSeq = 0;
  private savedSeq = 0;
  private revision: number;
  private refusal: string | null = null;
  private sendTimer: unknown = null;
  private presenceTimer: unknown = null;
  private refreshQueued = false;
  private readonly listeners = new Set<() => void>();
  private participants: Participant[] = [];
  private localPresence: PresenceState;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly store: EditorStore,
    private readonly socket: RealtimeSocket,
    user: { name: string; color: string },
    options: SessionOptions = {},
  ) {
    this.opts = { sendEveryMs: 40, captureMs: 600, retryMs: 1000, ...options };
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.revision = store.getState().revision;
    this.loaded = store.getState().board;
    this.localPresence = { user, cursor: null, selection: [], viewport: null };
    this.replica = this.bind(new Replica(this.opts.captureMs));
  }

  get boardId(): string {
    return this.store.getState().boardId;
  }

  /** Starts syncing: joins the board now if connected, and again after every reconnect. */
  start(): void {
    const onConnect = () => this.join();
    const onDisconnect = () => this.wentOffline();
    const onUpdate = (msg: { boardId: string; update: Uint8Array | ArrayBuffer }) => {
      if (msg.boardId === this.boardId && this.synced) Y.applyUpdate(this.replica.doc, bytes(msg.update), REMOTE);
    };
    const onSaved = (msg: { boardId: string; revision: number; seq: number }) => {
      if (msg.boardId !== this.boardId) return;
      this.savedSeq = Math.max(this.savedSeq, msg.seq);
      this.revision = Math.max(this.revision, msg.revision);
      this.report();
    };
    const onPresence = (msg: { boardId: string; update: Uint8Array | ArrayBuffer }) => {
      if (msg.boardId !== this.boardId) return;
      try {
        applyAwarenessUpdate(this.replica.awareness, bytes(msg.update), REMOTE);
      } catch {
        // A malformed presence update is ignored: it changes nobody's cursor.
      }
    };
    this.socket.on("connect", onConnect);
    this.socket.on("disconnect", onDisconnect);
    // Not "offline" while the first connection is still being made: only once it failed.
    this.socket.on("connect_error", onDisconnect);
    this.socket.on("doc:update", onUpdate);
    this.socket.on("doc:saved", onSaved);
    this.socket.on("presence", onPresence);
    this.cleanups.push(() => {
      this.socket.off("connect", onConnect);
      this.socket.off("disconnect", onDisconnect);
      this.socket.off("connect_error", onDisconnect);
      this.socket.off("doc:update", onUpdate);
      this.socket.off("doc:saved", onSaved);
      this.socket.off("presence", onPresence);
    });
    const unsubscribe = this.store.subscribe((s, prev) => {
      if (this.applying || s.board === prev.board || this.stopped) return;
      // A new undo step of the store's (not one merged into the last: typing on in one field) is
      // a new one here too, however soon it follows: without this, a delete and a move made
      // within `captureMs` undid together.
      if (s.past !== prev.past) this.replica.undo.stopCapturing();
      // And an edit the store merged into its last step (typing on in one field, the name typed
      // into a sticky or frame just created) joins the last step here too, however long it took:
      // Y.UndoManager merges while `now - lastChange < captureTimeout`, which this makes true once.
      else if (this.replica.undo.lastChange > 0) this.replica.undo.lastChange = Number.MAX_SAFE_INTEGER;
      // Before the first sync the document is empty: the edit is written once it has synced.
      if (this.synced) writeBoard(this.replica.doc, s.board, LOCAL);
      else if (this.localSeq === 0) {
        this.editedBeforeSync = true;
        this.report();
      }
    });
    const unsubscribeSelection = this.store.subscribe((s, prev) => {
      if (s.selectedNodes !== prev.selectedNodes) this.setPresence({ selection: [...s.selectedNodes] });
    });
    this.cleanups.push(unsubscribe, unsubscribeSelection);
    this.store.getState().attachSharedHistory({ undo: () => void undoStep(this.replica.undo, "undo", REPAIR), redo: () => void undoStep(this.replica.undo, "redo", REPAIR) });
    this.cleanups.push(() => this.store.getState().attachSharedHistory(null));
    if (this.socket.connected) this.join();
    // Not connected yet: say so if it takes longer than a page load's usual first connection.
    else this.later(() => !this.synced && this.wentOffline(), OFFLINE_AFTER_MS);
  }

  /** Stops syncing and leaves the board, sending what is unsent first (offline, it stays unsent). */
  stop(): void {
    if (this.stopped) return;
    // What the send delay still holds goes now: a page left inside the app (a link, Back) must not drop the last edit.
    this.sendNow();
    this.stopped = true;
    for (const c of this.cleanups.splice(0)) c();
    if (this.sendTimer !== null) this.timers.clearTimeout(this.sendTimer);
    if (this.presenceTimer !== null) this.timers.clearTimeout(this.presenceTimer);
    if (this.socket.connected) this.socket.emit("doc:leave", { boardId: this.boardId });
    this.replica.destroy();
    this.listeners.clear();
  }

  /** Whether the session holds the server's document and is connected (edits go out as they are made). */
  get live(): boolean {
    return this.synced && this.online;
  }

  /** Edits made here that the server has not acknowledged (one, for edits made before the first sync). */
  get pending(): number {
    return this.localSeq - this.ackedSeq + (this.editedBeforeSync ? 1 : 0);
  }

  /** Sends what is unsent now and asks the server to save the canonical board; resolves when it has. */
  async flush(): Promise<void> {
    this.refusal = null;
    this.sendNow();
    if (!this.online || !this.synced) return this.report();
    const answer = await new Promise<{ ok: true; revision: number; seq: number } | DocRefusal>((resolve) =>
      this.socket.timeout(10_000).emit("doc:flush", { boardId: this.boardId }, (err: Error | null, reply: { ok: true; revision: number; seq: number } | DocRefusal) =>
        resolve(err ? { ok: false, code: "unavailable", message: "The server did not answer" } : reply),
      ),
    );
    if (answer.ok) {
      this.savedSeq = Math.max(this.savedSeq, answer.seq);
      this.revision = Math.max(this.revision, answer.revision);
    }
    this.report();
  }

  // --- presence ------------------------------------------------------------

  /** Everyone else on the board, as their presence says. */
  getParticipants(): readonly Participant[] {
    return this.participants;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This browser's user, cursor (flow coordinates), selection or viewport changed. */
  setPresence(patch: Partial<PresenceState>): void {
    this.localPresence = { ...this.localPresence, ...patch };
    this.replica.awareness.setLocalState(this.localPresence);
  }

  get user(): { name: string; color: string } {
    return this.localPresence.user;
  }

  // -------------------------------------------------------------------------

  private bind(replica: Replica): Replica {
    replica.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL || origin === replica.undo || origin === REPAIR) {
        this.unsent.push(update);
        this.localSeq++;
        this.scheduleSend();
        this.report();
      }
      if (origin !== LOCAL) this.queueRefresh();
    });
    const history = () => this.store.getState().sharedHistoryChanged(replica.undo.canUndo(), replica.undo.canRedo());
    replica.undo.on("stack-item-added", history);
    replica.undo.on("stack-item-popped", history);
    replica.undo.on("stack-cleared", history);
    replica.awareness.on("change", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const mine = replica.doc.clientID;
      // Our own cursor moves change only our own state, which the participants list leaves out:
      // telling the listeners would re-render the avatars and remote cursors on every mouse move.
      if ([...added, ...updated, ...removed].every((id) => id === mine)) return;
      const next: Participant[] = [];
      for (const [clientId, state] of replica.awareness.getStates()) {
        const presence = clientId === mine ? null : readPresence(state);
        if (presence) next.push({ clientId, ...presence });
      }
      next.sort((a, b) => a.clientId - b.clientId);
      this.participants = next;
      for (const l of this.listeners) l();
    });
    replica.awareness.on("update", (_: unknown, origin: unknown) => {
      if (origin === "local") this.schedulePresence();
    });
    replica.awareness.setLocalState(this.localPresence);
    return replica;
  }

  private join(): void {
    if (this.stopped) return;
    const replica = this.replica;
    this.socket.timeout(15_000).emit(
      "doc:join",
      { boardId: this.boardId, stateVector: Y.encodeStateVector(replica.doc) },
      (err: Error | null, reply: DocJoinReply) => {
        if (this.stopped || replica !== this.replica) return;
        if (err || !reply.ok) {
          const refused = err ? null : (reply as DocRefusal);
          this.refusal = refused ? refused.message : null;
          if (refused?.code === "not_found") this.gone = `This board was deleted: your edits cannot be saved. Download it to keep a copy.`;
          this.online = false;
          this.report();
          if (!refused || refused.code === "unavailable") this.later(() => this.socket.connected && this.join());
          return;
        }
        this.joined(reply);
      },
    );
  }

  private joined(reply: Extract<DocJoinReply, { ok: true }>): void {
    const { doc } = this.replica;
    const first = !this.synced;
    Y.applyUpdate(doc, bytes(reply.update), REMOTE);
    this.synced = true;
    this.online = true;
    this.revision = Math.max(this.revision, reply.revision);
    this.savedSeq = Math.max(this.savedSeq, reply.savedSeq);
    try {
      applyAwarenessUpdate(this.replica.awareness, bytes(reply.presence), REMOTE);
    } catch {
      // Presence is best effort.
    }
    if (first) {
      // Edits made between loading the page and this first sync: what they changed in the board as
      // loaded is replayed onto the server's copy, which may hold others' edits made meanwhile.
      const shown = this.store.getState().board;
      const edited = this.editedBeforeSync;
      this.editedBeforeSync = false;
      if (edited) writeBoard(doc, rebase(this.loaded, shown, readBoard(doc)), LOCAL);
      this.applyToStore();
    }
    // What the server lacks (edits made offline): one update, from its state vector.
    this.unsent = [];
    if (this.localSeq > this.ackedSeq) {
      this.unsent.push(Y.encodeStateAsUpdate(doc, bytes(reply.stateVector)));
      this.sendNow();
    }
    this.replica.awareness.setLocalState(this.localPresence);
    this.sendPresenceNow();
    this.report();
  }

  private wentOffline(): void {
    this.online = false;
    this.inFlight = 0;
    // Nobody's cursor is known while offline; the next join brings everyone back.
    const others = [...this.replica.awareness.getStates().keys()].filter((id) => id !== this.replica.doc.clientID);
    if (others.length > 0) removeAwarenessStates(this.replica.awareness, others, REMOTE);
    // And their clocks: awareness takes a state only with a clock newer than the last one it saw,
    // so the join's answer (same clocks, for whoever did not move meanwhile) was ignored and they
    // stayed missing until their next change or 15 s renewal.
    for (const id of others) this.replica.awareness.meta.delete(id);
    this.report();
  }

  private scheduleSend(): void {
    if (this.sendTimer !== null) return;
    this.sendTimer = this.timers.setTimeout(() => {
      this.sendTimer = null;
      this.sendNow();
    }, this.opts.sendEveryMs);
  }

  private sendNow(): void {
    if (this.sendTimer !== null) {
      this.timers.clearTimeout(this.sendTimer);
      this.sendTimer = null;
    }
    if (!this.online || !this.synced || this.unsent.length === 0) return this.report();
    const update = this.unsent.length === 1 ? this.unsent[0]! : Y.mergeUpdates(this.unsent);
    this.unsent = [];
    const upTo = this.localSeq;
    const replica = this.replica;
    this.inFlight++;
    this.socket.emit("doc:update", { boardId: this.boardId, update }, (reply: DocUpdateReply) => {
      if (replica !== this.replica || this.stopped) return;
      this.inFlight = Math.max(0, this.inFlight - 1);
      if (reply.ok) {
        this.ackedSeq = Math.max(this.ackedSeq, upTo);
        this.ackedLogSeq = Math.max(this.ackedLogSeq, reply.seq);
        if (this.refusal && this.pending === 0) this.refusal = null;
      } else if (reply.code === "refused" || reply.code === "bad_request") {
        this.resync(reply.message);
        return;
      } else if (reply.code === "not_found") {
        this.gone = `This board was deleted: your edits cannot be saved (${reply.message}). Download it to keep a copy.`;
      } else {
        // Not stored (the database is down, or the server restarted and forgot the join): again later, after a join.
        this.unsent.unshift(update);
        this.later(() => (reply.code === "not_joined" ? this.join() : this.sendNow()));
      }
      this.report();
    });
    this.report();
  }

  /** Drops this copy (its refused edit with it) and starts again from the server's. */
  private resync(message: string): void {
    // This copy's presence goes with it: otherwise others see a second, frozen "you" for 30 s.
    const old = this.replica;
    old.awareness.setLocalState(null);
    if (this.online) this.socket.emit("presence", { boardId: this.boardId, update: encodeAwarenessUpdate(old.awareness, [old.doc.clientID]) });
    old.destroy();
    this.unsent = [];
    this.ackedSeq = this.localSeq;
    this.inFlight = 0;
    this.synced = false;
    this.refusal = `The server refused your last edit, so the board shows its copy: ${message}`;
    this.replica = this.bind(new Replica(this.opts.captureMs));
    this.store.getState().sharedHistoryChanged(false, false);
    this.store.getState().attachSharedHistory({ undo: () => void undoStep(this.replica.undo, "undo", REPAIR), redo: () => void undoStep(this.replica.undo, "redo", REPAIR) });
    // The next sync's board replaces the store's (the refused edit included) as a remote change.
    this.join();
    this.report();
  }

  private schedulePresence(): void {
    if (this.presenceTimer !== null) return;
    this.presenceTimer = this.timers.setTimeout(() => {
      this.presenceTimer = null;
      this.sendPresenceNow();
    }, this.opts.sendEveryMs);
  }

  private sendPresenceNow(): void {
    if (!this.online || !this.synced) return;
    const update = encodeAwarenessUpdate(this.replica.awareness, [this.replica.doc.clientID]);
    this.socket.emit("presence", { boardId: this.boardId, update });
  }

  private queueRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      if (!this.stopped && this.synced) this.applyToStore();
    });
  }

  private applyToStore(): void {
    const current = this.store.getState().board;
    const next = shareUnchanged(current, readBoard(this.replica.doc));
    this.applying = true;
    try {
      this.store.getState().applyRemote(next);
    } finally {
      this.applying = false;
    }
  }

  private later(fn: () => void, ms = this.opts.retryMs): void {
    this.timers.setTimeout(() => {
      if (!this.stopped) fn();
    }, ms);
  }

  /** Tells the store what the server has: offline with N pending, saving, saved (with the revision), or a refusal. */
  private report(): void {
    if (this.stopped) return;
    const state = this.store.getState();
    const pending = this.pending;
    if (this.gone) {
      state.syncStatus("error", this.gone, this.revision);
    } else if (!this.online) {
      const text = pending > 0 ? `Offline — ${pending} edit${pending === 1 ? "" : "s"} pending` : "Offline — all edits saved";
      state.syncStatus("offline", this.refusal ?? text, this.revision);
    } else if (pending > 0 || this.inFlight > 0 || this.unsent.length > 0 || this.ackedLogSeq > this.savedSeq) {
      state.syncStatus("saving", null, this.revision);
    } else if (this.refusal) {
      state.syncStatus("error", this.refusal, this.revision);
    } else {
      state.syncStatus("saved", null, this.revision);
    }
  }
}

function bytes(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}


