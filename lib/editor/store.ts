import { createStore, type StoreApi } from "zustand/vanilla";
import { NEXT_KIND, checkNewEdge, type ConnectionCheck } from "../model/grammar";
import { EDGE_ID_PREFIX, nodeIdPrefix } from "../model/ids";
import type { NodeKind } from "../model/kinds";
import { ANCHOR_INSET, frameContents } from "../model/boundedContexts";
import { LIMITS } from "../model/limits";
import { frameSchema, noteSchema } from "../model/schema";
import type { Board, BoardNode, Frame, Note, Position, SagaStep } from "../model/schema";
import {
  addEdge,
  addElements,
  addNodes,
  addSagaStep,
  cascadeOffset,
  cloneElements,
  type Elements,
  removeElements,
  setStepParticipant,
  updateNode,
} from "./boardOps";
import {
  DEFAULT_FRAME_NAME,
  DEFAULT_FRAME_SIZE,
  DEFAULT_NOTE_TEXT,
  FALLBACK_SIZE,
  FRAME_PADDING,
  addFrame,
  addNote,
  frameAround,
  moveWithContents,
  removeFramesAndNotes,
  resizeFrame,
  uniqueFrameName,
  updateFrame,
  updateNote,
  type Box,
} from "./frameOps";
import { freeSpotRightOf, newNode, uniqueDefaultName } from "./newNode";

/** Id prefixes of frames and notes (one id space with the stickies). */
export const FRAME_ID_PREFIX = "frame";
export const NOTE_ID_PREFIX = "note";

export type SaveStatus = "saved" | "dirty" | "saving" | "error" | "conflict" | "offline";

/**
 * Undo and redo kept elsewhere: a co-editing session's per-user undo (only your own edits are
 * undone, never someone else's). While one is attached, the store's own history is not used.
 */
export interface SharedHistory {
  undo(): void;
  redo(): void;
}

export interface EditorDeps {
  /** A fresh id with the given prefix; injected so tests are deterministic. */
  newId(prefix: string): string;
  now(): number;
}

export interface EditorState {
  boardId: string;
  board: Board;
  /** The server revision the board was loaded at or last saved as. */
  revision: number;
  /** Bumped on every board change of this user's; `savedVersion` is the one the server has. */
  version: number;
  savedVersion: number;
  saveStatus: SaveStatus;
  saveMessage: string | null;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  past: Board[];
  future: Board[];
  /** What Ctrl/Cmd+C copied: stickies, the edges among them, frames (with what they hold) and notes. */
  clipboard: Elements | null;
  /** While a co-editing session is attached: whether its undo and redo have anything to do. */
  shared: { canUndo: boolean; canRedo: boolean } | null;
  /**
   * The sticky or frame whose name (or the note whose text) is being typed on the canvas: a new
   * one, or Enter/F2 on the selected one.
   */
  renaming: string | null;
  /**
   * What was typed for that name before its input had the focus (it opens a frame or two after
   * the key that made the sticky): null while nothing was typed, so the default name shows selected.
   */
  renameBuffer: string | null;
}

export interface EditorActions {
  /** A user edit: one undo step (consecutive edits with the same `mergeKey` within 1.5 s merge). */
  commit(next: Board, mergeKey?: string): void;
  undo(): void;
  redo(): void;
  select(nodeIds: Iterable<string>, edgeIds?: Iterable<string>): void;
  /** Selects every sticky, frame and note (Ctrl/Cmd+A). */
  selectAll(): void;
  /** A new sticky (named `name`, else its kind's default that no sticky of the kind has yet), selected, its name open to type. */
  addNode(kind: NodeKind, position: Position, name?: string): string;
  /**
   * Fast capture: the grammar's next sticky after `fromId` (`NEXT_KIND`: command → aggregate →
   * event → policy → command …) to its right, connected from it in the same undo step, selected,
   * its name open to type; null for a sticky with no natural next (a hotspot) or unknown id.
   */
  addNext(fromId: string): string | null;
  startRename(id: string): void;
  /** Ends the rename; with `commit`, what was typed before the input had the focus becomes the name. */
  endRename(commit?: boolean): void;
  /** A key typed for the pending rename before its input has the focus: a character, or Backspace (null). */
  typeIntoRename(text: string | null): void;
  /** The input has the focus and holds what was typed: the buffer is no longer needed. */
  clearRenameBuffer(): void;
  /** What was typed for the pending rename so far, as a whole (an input method's text, from the capture field). */
  setRenameBuffer(text: string): void;
  patchNode(id: string, update: (node: BoardNode) => BoardNode, mergeKey?: string): void;
  /**
   * Moves stickies, frames and notes to these top-left positions as one undo step; a frame among
   * them takes everything inside it (`frameContents`) along by the same delta.
   */
  moveNodes(positions: ReadonlyMap<string, Position>): void;
  /**
   * A new frame, selected, its name open to type. With stickies, notes or frames selected it is
   * drawn around them (`sizeOf` gives their measured sizes); otherwise its top-left is `at`. Its
   * name is `baseName` (the UI's language's word), numbered while a frame has it (uniqueFrameName).
   */
  addFrame(at: Position, sizeOf?: (id: string) => { width: number; height: number } | undefined, baseName?: string): string;
  /**
   * A new note at `at`, selected, its text open to type; it starts with `text` (the UI's word
   * for a note, selected so the first key replaces it).
   */
  addNote(at: Position, text?: string): string;
  /** Edits a frame; a name that is blank or too long, or a size below the limits, is refused (no change). */
  patchFrame(id: string, update: (frame: Frame) => Frame, mergeKey?: string): void;
  /** A frame's new rectangle (from a resize), its size kept within the schema's limits. */
  resizeFrame(id: string, position: Position, size: Frame["size"]): void;
  /** Edits a note; empty or too long text is refused (no change). */
  patchNote(id: string, update: (note: Note) => Note, mergeKey?: string): void;
  connect(source: string, target: string): ConnectionCheck;
  /**
   * Sets the participant of a saga's step `index` (undefined: none) and, in the same undo step,
   * draws the saga → participant edge if no edge from the saga reaches it yet. Never deletes edges.
   */
  setStepParticipant(sagaId: string, index: number, participantId: string | undefined): void;
  /** Appends a step to a saga, connecting the saga to the step's participant as above. */
  addSagaStep(sagaId: string, step: SagaStep): void;
  deleteSelection(): void;
  /** Copies the selected stickies, frames and notes (a frame with everything it holds) and the edges among them. */
  copySelection(): void;
  paste(at?: Position): void;
  duplicateSelection(): void;
  /** Save bookkeeping (the ConflictBanner's retry and overwrite). */
  saveStarted(): void;
  saveSucceeded(savedVersion: number, revision: number): void;
  saveFailed(message: string, conflict: boolean): void;
  /** Replace everything with the server's copy (reload after a conflict). */
  loadFromServer(board: Board, revision: number): void;
  /**
   * Someone else's edit (or your own undo, applied by the co-editing session): the board changes
   * with no undo step and no unsaved change of ours. The selection keeps what still exists.
   */
  applyRemote(board: Board): void;
  /** Hands undo and redo to a co-editing session (null: back to the store's own history). */
  attachSharedHistory(history: SharedHistory | null): void;
  /** The session's undo and redo availability, for the buttons. */
  sharedHistoryChanged(canUndo: boolean, canRedo: boolean): void;
  /** The co-editing session's save state (what the server has), and the revision it saved as. */
  syncStatus(status: SaveStatus, message: string | null, revision?: number): void;
}

export type EditorStore = StoreApi<EditorState & EditorActions>;

const HISTORY_LIMIT = 200;
const MERGE_WINDOW_MS = 1500;

/**
 * The save status once the board changed: unsaved, except that a conflict stays a conflict until
 * the user reloads or overwrites (undo and redo included), so autosave never retries it on its own.
 */
function statusAfterEdit(status: SaveStatus): SaveStatus {
  return status === "conflict" ? "conflict" : "dirty";
}

/**
 * One store per open board (never a module global: Next renders many requests in one process).
 * The board is immutable data; every action is a pure board edit plus history bookkeeping.
 */
export function createEditorStore(init: { boardId: string; board: Board; revision: number }, deps: EditorDeps): EditorStore {
  let lastMerge: { key: string; at: number } | null = null;
  let sharedHistory: SharedHistory | null = null;
  /**
   * The sticky, frame or note just created with its name (a note's text) open to type, and the
   * history right after its creation. The name typed there joins the creation's undo step: one
   * Ctrl+Z takes the new named thing away, as it went on in one go (F, type, Enter).
   */
  let fresh: { id: string; past: Board[] } | null = null;

  return createStore<EditorState & EditorActions>()((set, get) => {
    /** Moves to `next`, recording `before` as one undo step (unless merged into the previous one). */
    const apply = (next: Board, mergeKey?: string) => {
      const s = get();
      if (next === s.board) return;
      const now = deps.now();
      const merge = mergeKey && lastMerge?.key === mergeKey && now - lastMerge.at < MERGE_WINDOW_MS;
      const past = merge ? s.past : [...s.past, s.board].slice(-HISTORY_LIMIT);
      lastMerge = mergeKey ? { key: mergeKey, at: now } : null;
      fresh = null;
      set({
        board: next,
        past,
        future: [],
        version: s.version + 1,
        saveStatus: statusAfterEdit(s.saveStatus),
      });
    };

    const pruneSelection = (board: Board) => {
      const { selectedNodes, selectedEdges } = get();
      const nodeIds = new Set([...board.nodes, ...(board.frames ?? []), ...(board.notes ?? [])].map((n) => n.id));
      const edgeIds = new Set(board.edges.map((e) => e.id));
      return {
        selectedNodes: new Set([...selectedNodes].filter((id) => nodeIds.has(id))),
        selectedEdges: new Set([...selectedEdges].filter((id) => edgeIds.has(id))),
      };
    };

    /**
     * The selected stickies, frames and notes, and the edges among the stickies. A frame comes with
     * what it holds (`frameContents`, as a dragged frame takes it along): a copy of a bounded
     * context is the context with its stickies, and an empty copy laid over them would take them
     * into itself.
     */
    const selectionElements = (): Elements => {
      const { board, selectedNodes } = get();
      const ids = new Set(selectedNodes);
      for (const frame of board.frames ?? []) if (selectedNodes.has(frame.id)) for (const id of frameContents(board, frame.id)) ids.add(id);
      return {
        nodes: board.nodes.filter((n) => ids.has(n.id)),
        edges: board.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
        frames: (board.frames ?? []).filter((f) => ids.has(f.id)),
        notes: (board.notes ?? []).filter((n) => ids.has(n.id)),
      };
    };
    const isEmpty = (e: Elements) => e.nodes.length === 0 && !e.frames?.length && !e.notes?.length;
    /** What a paste at the pointer puts there: the first frame's top-left (it holds the rest), else the first sticky's, else the first note's. */
    const firstPosition = (e: Elements): Position | undefined => (e.frames?.[0] ?? e.nodes[0] ?? e.notes?.[0])?.position;

    /** Copies of `source` (new ids), `offset` away (cascaded off copies already there): one undo step, selected. */
    const insertClones = (source: Elements, offset: Position) => {
      const clones = cloneElements(source, cascadeOffset(get().board, source, offset), deps.newId, { frame: FRAME_ID_PREFIX, note: NOTE_ID_PREFIX });
      apply(addElements(get().board, clones));
      set({ selectedNodes: new Set([...clones.frames, ...clones.nodes, ...clones.notes].map((n) => n.id)), selectedEdges: new Set() });
    };
    /** After an add that opens the new item's name: its first name joins this undo step (see `fresh`). */
    const openFresh = (id: string) => {
      set({ selectedNodes: new Set([id]), selectedEdges: new Set(), renaming: id, renameBuffer: null });
      fresh = { id, past: get().past };
    };
    /**
     * Applies an edit of item `id`; while it is the fresh item's name still open from its creation
     * (nothing else edited since), the edit joins the creation's undo step.
     */
    const applyEdit = (id: string, next: Board, mergeKey?: string) => {
      const s = get();
      if (fresh && fresh.id === id && s.renaming === id && s.past === fresh.past && next !== s.board) {
        fresh = null;
        lastMerge = null;
        set({ board: next, future: [], version: s.version + 1, saveStatus: statusAfterEdit(s.saveStatus) });
        return;
      }
      apply(next, mergeKey);
    };

    return {
      boardId: init.boardId,
      board: init.board,
      revision: init.revision,
      version: 0,
      savedVersion: 0,
      saveStatus: "saved",
      saveMessage: null,
      selectedNodes: new Set(),
      selectedEdges: new Set(),
      past: [],
      future: [],
      clipboard: null,
      shared: null,
      renaming: null,
      renameBuffer: null,

      commit: (next, mergeKey) => apply(next, mergeKey),

      undo: () => {
        if (sharedHistory) return sharedHistory.undo();
        fresh = null;
        const { past, future, board, version, saveStatus } = get();
        const previous = past[past.length - 1];
        if (!previous) return;
        lastMerge = null;
        set({ board: previous, past: past.slice(0, -1), future: [board, ...future], version: version + 1, saveStatus: statusAfterEdit(saveStatus) });
        set(pruneSelection(previous));
      },
      redo: () => {
        if (sharedHistory) return sharedHistory.redo();
        fresh = null;
        const { past, future, board, version, saveStatus } = get();
        const next = future[0];
        if (!next) return;
        lastMerge = null;
        set({ board: next, past: [...past, board], future: future.slice(1), version: version + 1, saveStatus: statusAfterEdit(saveStatus) });
        set(pruneSelection(next));
      },

      select: (nodeIds, edgeIds = []) => set({ selectedNodes: new Set(nodeIds), selectedEdges: new Set(edgeIds) }),
      selectAll: () => {
        const { board } = get();
        set({ selectedNodes: new Set([...(board.frames ?? []), ...board.nodes, ...(board.notes ?? [])].map((n) => n.id)), selectedEdges: new Set() });
      },

      addNode: (kind, position, name) => {
        const id = deps.newId(nodeIdPrefix(kind));
        const board = get().board;
        apply(addNodes(board, [newNode(kind, id, position, name ?? uniqueDefaultName(kind, board.nodes))]));
        openFresh(id);
        return id;
      },
      addNext: (fromId) => {
        const board = get().board;
        const from = board.nodes.find((n) => n.id === fromId);
        const kind = from ? NEXT_KIND[from.kind] : undefined;
        if (!from || !kind) return null;
        const id = deps.newId(nodeIdPrefix(kind));
        const node = newNode(kind, id, freeSpotRightOf(board, from.position), uniqueDefaultName(kind, board.nodes));
        apply(addNodes(board, [node], [{ id: deps.newId(EDGE_ID_PREFIX), source: fromId, target: id }]));
        openFresh(id);
        return id;
      },
      startRename: (id) => {
        if (fresh?.id !== id) fresh = null;
        set({ renaming: id, renameBuffer: null });
      },
      endRename: (commit = false) => {
        const { renaming, renameBuffer, board } = get();
        // What was typed before the field had the focus is saved while the name is still open, so
        // that it joins a new item's creation step; then the name closes.
        if (commit && renaming && renameBuffer !== null) {
          if (board.notes?.some((n) => n.id === renaming)) {
            // A note keeps its text as typed (line breaks, spaces); only a blank note is refused.
            if (renameBuffer.trim() !== "") get().patchNote(renaming, (n) => (n.text === renameBuffer ? n : { ...n, text: renameBuffer }));
          } else {
            const name = renameBuffer.trim();
            if (!name || name.length > LIMITS.nameLength) {
              // Refused: nothing to save.
            } else if (board.frames?.some((f) => f.id === renaming)) get().patchFrame(renaming, (f) => (f.name === name ? f : { ...f, name }));
            else get().patchNode(renaming, (n) => (n.name === name ? n : { ...n, name }));
          }
        }
        if (renaming !== null && fresh?.id === renaming) fresh = null;
        set({ renaming: null, renameBuffer: null });
      },
      typeIntoRename: (text) => {
        const { renaming, renameBuffer, board } = get();
        if (renaming === null) return;
        const max = board.notes?.some((n) => n.id === renaming) ? LIMITS.descriptionLength : LIMITS.nameLength;
        // The first key replaces the default name, as typing over a selected name does.
        const typed = renameBuffer ?? "";
        set({ renameBuffer: text === null ? typed.slice(0, -1) : (typed + text).slice(0, max) });
      },
      clearRenameBuffer: () => set({ renameBuffer: null }),
      setRenameBuffer: (text) => {
        const { renaming, board } = get();
        if (renaming === null) return;
        const max = board.notes?.some((n) => n.id === renaming) ? LIMITS.descriptionLength : LIMITS.nameLength;
        set({ renameBuffer: text.slice(0, max) });
      },
      patchNode: (id, update, mergeKey) => applyEdit(id, updateNode(get().board, id, update), mergeKey),
      moveNodes: (positions) => apply(moveWithContents(get().board, positions)),

      addFrame: (at, sizeOf, baseName = DEFAULT_FRAME_NAME) => {
        const { board, selectedNodes } = get();
        const id = deps.newId(FRAME_ID_PREFIX);
        const boxes: Box[] = [];
        for (const item of [...board.nodes, ...(board.notes ?? [])]) {
          if (selectedNodes.has(item.id)) boxes.push({ ...item.position, ...(sizeOf?.(item.id) ?? FALLBACK_SIZE) });
        }
        for (const frame of board.frames ?? []) if (selectedNodes.has(frame.id)) boxes.push({ ...frame.position, ...frame.size });
        const outside = [...board.nodes, ...(board.notes ?? [])]
          .filter((item) => !selectedNodes.has(item.id))
          .map((item) => ({ x: item.position.x + ANCHOR_INSET, y: item.position.y + ANCHOR_INSET }));
        const frames = (board.frames ?? []).map((f) => ({ ...f.position, ...f.size }));
        const rect = frameAround(boxes, FRAME_PADDING, { outside, frames }) ?? { position: { x: Math.round(at.x), y: Math.round(at.y) }, size: { ...DEFAULT_FRAME_SIZE } };
        apply(addFrame(board, { id, name: uniqueFrameName(board.frames, baseName), ...rect }));
        openFresh(id);
        return id;
      },
      addNote: (at, text = DEFAULT_NOTE_TEXT) => {
        const id = deps.newId(NOTE_ID_PREFIX);
        apply(addNote(get().board, { id, text, position: { x: Math.round(at.x), y: Math.round(at.y) } }));
        openFresh(id);
        return id;
      },
      patchFrame: (id, update, mergeKey) => {
        const next = updateFrame(get().board, id, update);
        const frame = next.frames?.find((f) => f.id === id);
        // The model's own schema decides (name, description, colour, size limits): one truth.
        if (frame && !frameSchema.safeParse(frame).success) return;
        applyEdit(id, next, mergeKey);
      },
      resizeFrame: (id, position, size) => apply(resizeFrame(get().board, id, position, size)),
      patchNote: (id, update, mergeKey) => {
        const next = updateNote(get().board, id, update);
        const note = next.notes?.find((n) => n.id === id);
        if (note && (note.text.trim() === "" || !noteSchema.safeParse(note).success)) return;
        applyEdit(id, next, mergeKey);
      },

      connect: (source, target) => {
        const { board } = get();
        const check = checkNewEdge(board, source, target);
        if (check.ok) apply(addEdge(board, { id: deps.newId(EDGE_ID_PREFIX), source, target }));
        return check;
      },

      setStepParticipant: (sagaId, index, participantId) =>
        apply(setStepParticipant(get().board, sagaId, index, participantId, () => deps.newId(EDGE_ID_PREFIX))),
      addSagaStep: (sagaId, step) => apply(addSagaStep(get().board, sagaId, step, () => deps.newId(EDGE_ID_PREFIX))),

      deleteSelection: () => {
        const { board, selectedNodes, selectedEdges } = get();
        // A frame goes alone: what it held stays on the board, outside any context it gave.
        apply(removeFramesAndNotes(removeElements(board, selectedNodes, selectedEdges), selectedNodes));
        set({ selectedNodes: new Set(), selectedEdges: new Set() });
      },
      copySelection: () => {
        const picked = selectionElements();
        if (!isEmpty(picked)) set({ clipboard: structuredClone(picked) });
      },
      paste: (at) => {
        const clip = get().clipboard;
        const first = clip && firstPosition(clip);
        if (!clip || !first) return;
        insertClones(clip, at ? { x: Math.round(at.x - first.x), y: Math.round(at.y - first.y) } : { x: 40, y: 40 });
      },
      duplicateSelection: () => {
        const picked = selectionElements();
        if (!isEmpty(picked)) insertClones(picked, { x: 40, y: 40 });
      },

      saveStarted: () => set({ saveStatus: "saving", saveMessage: null }),
      saveSucceeded: (savedVersion, revision) =>
        set((s) => ({ savedVersion, revision, saveStatus: s.version === savedVersion ? "saved" : "dirty", saveMessage: null })),
      saveFailed: (message, conflict) => set({ saveStatus: conflict ? "conflict" : "error", saveMessage: message }),
      loadFromServer: (board, revision) => {
        lastMerge = null;
        fresh = null;
        set((s) => ({
          board,
          revision,
          version: s.version + 1,
          savedVersion: s.version + 1,
          saveStatus: "saved",
          saveMessage: null,
          past: [],
          future: [],
          selectedNodes: new Set(),
          selectedEdges: new Set(),
        }));
      },
      applyRemote: (board) => {
        if (board === get().board) return;
        lastMerge = null;
        set({ board });
        set(pruneSelection(board));
      },
      attachSharedHistory: (history) => {
        sharedHistory = history;
        set({ shared: history ? { canUndo: false, canRedo: false } : null });
      },
      sharedHistoryChanged: (canUndo, canRedo) => {
        const shared = get().shared;
        if (shared && (shared.canUndo !== canUndo || shared.canRedo !== canRedo)) set({ shared: { canUndo, canRedo } });
      },
      syncStatus: (saveStatus, saveMessage, revision) =>
        set((s) => ({ saveStatus, saveMessage, revision: revision ?? s.revision, savedVersion: saveStatus === "saved" ? s.version : s.savedVersion })),
    };
  });
}

