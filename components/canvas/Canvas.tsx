"use client";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from "react";
import {
  Background, BackgroundVariant, ConnectionMode, Controls, MarkerType, MiniMap, ReactFlow, applyEdgeChanges, applyNodeChanges, useReactFlow, useUpdateNodeInternals,
  type Connection, type EdgeChange, type FinalConnectionState, type IsValidConnection, type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { checkBoardConnection } from "@/lib/model/grammar";
import { KIND_META, isNodeKind } from "@/lib/model/kinds";
import { frameFill } from "@/lib/model/boundedContexts";
import { followerPositions, followersOf, type Followers } from "@/lib/editor/frameOps";
import type { Board, Position as XY } from "@/lib/model/schema";
import { useEditor, useEditorStore } from "@/components/board/EditorContext";
import { useCoeditSession } from "@/components/board/CoeditContext";
import type { Padding } from "@/lib/editor/openingView";
import { RemoteCursors } from "./RemoteCursors";
import { RenameCapture } from "./RenameCapture";
import { useOpeningView } from "./useOpeningView";
import { ConnectionLine } from "./ConnectionLine";
import { applySelectChanges } from "./selection";
import type { BoardFlowNode, StickyFlowEdge } from "./flowTypes";
import { FrameNode } from "./FrameNode";
import { NoteNode } from "./NoteNode";
import { StickyEdge } from "./StickyEdge";
import { StickyNode } from "./StickyNode";
import { ReadOnlyContext } from "./canvasMode";
import { toFlowEdges, toFlowNodes, type ProblemIndex } from "./toFlow";
import { useLocale, useStrings } from "@/components/i18n/LocaleProvider";
import { refusalText } from "./connectionText";
import styles from "./canvas.module.css";

// Constants outside the component: React Flow copies changed props into its store, so a fresh
// object per render would cost an update on every drag frame.
const nodeTypes = { sticky: StickyNode, frame: FrameNode, note: NoteNode };
const DEFAULT_EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed, color: "#868e96" } };
const PRO_OPTIONS = { hideAttribution: true };
const MINIMAP_STYLE = { width: 160, height: 110 };
const MULTI_SELECT_KEYS = ["Meta", "Control"];
const PAN_BUTTONS = [0, 1];
const edgeTypes = { sticky: StickyEdge };
/** Fit leaves the minimap's corner free, so no sticky starts out hidden under it. */
/** No fit zooms closer than this: a three-sticky board does not open at 250%. */
export const FIT_MAX_ZOOM = 1.2;
// The top keeps room for a frame's title, drawn above the frame.
const FIT_PADDING_PX = { top: 64, left: 48, bottom: 32, right: 190 } as const;
/** Below this canvas width the minimap is hidden (canvas.module.css), and fit uses the room. */
const NARROW_CANVAS = 640;
const NARROW_FIT_PADDING_PX = { top: 64, left: 48, bottom: 32, right: 32 } as const;
const FIT_PADDING = inPixels(FIT_PADDING_PX);
const NARROW_FIT_PADDING = inPixels(NARROW_FIT_PADDING_PX);

function inPixels(padding: Padding) {
  return { top: `${padding.top}px`, left: `${padding.left}px`, bottom: `${padding.bottom}px`, right: `${padding.right}px` } as const;
}

/** The fit padding for a canvas `width` pixels wide: room for the minimap only where it shows. */
export function fitPadding(width: number) {
  return width > NARROW_CANVAS ? FIT_PADDING : NARROW_FIT_PADDING;
}

/** {@link fitPadding} in numbers, for the opening view (lib/editor/openingView.ts). */
export function fitPaddingPx(width: number): Padding {
  return width > NARROW_CANVAS ? FIT_PADDING_PX : NARROW_FIT_PADDING_PX;
}
export const KIND_DRAG_TYPE = "application/x-stormflow-kind";
/** What the palette's Frame and Note entries carry when dragged (KIND_DRAG_TYPE's value). */
export const FRAME_DRAG_VALUE = "frame";
export const NOTE_DRAG_VALUE = "note";

const selectBoard = (s: { board: Board }) => s.board;
const selectNodes = (s: { selectedNodes: ReadonlySet<string> }) => s.selectedNodes;
const selectEdges = (s: { selectedEdges: ReadonlySet<string> }) => s.selectedEdges;

export interface CanvasProps {
  problems: ProblemIndex;
  invalidEdges: ReadonlyMap<string, string>;
  /** Where the pointer last was over the canvas (flow coordinates), for key-drops and paste. */
  pointer: React.MutableRefObject<XY | null>;
  /** An old revision on screen: stickies may be selected and looked at, never moved, connected, dropped or renamed. */
  readOnly?: boolean;
}

/**
 * The React Flow canvas over the editor store: the board is the truth; React Flow's changes are
 * turned back into board edits (drags become one undo step, selection goes to the store).
 */
export function Canvas({ problems, invalidEdges, pointer, readOnly = false }: CanvasProps) {
  const { board: { flowAria, edgeAria }, frames: F } = useStrings();
  // Others' pointers and ours belong to the live board, not to an old revision.
  const live = useCoeditSession();
  const session = readOnly ? null : live;
  const store = useEditorStore();
  const { locale } = useLocale();
  const board = useEditor(selectBoard);
  const selectedNodes = useEditor(selectNodes);
  const selectedEdges = useEditor(selectEdges);
  const flow = useReactFlow<BoardFlowNode, StickyFlowEdge>();
  const updateNodeInternals = useUpdateNodeInternals();
  const [nodes, setNodes] = useState<BoardFlowNode[]>(() => toFlowNodes(board, selectedNodes, problems, []));
  const [edges, setEdges] = useState<StickyFlowEdge[]>(() => toFlowEdges(board, selectedEdges, invalidEdges, [], edgeAria));
  const [connecting, setConnecting] = useState(false);
  const [refusal, setRefusal] = useState<{ x: number; y: number; text: string } | null>(null);
  const refusalTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => setNodes((prev) => toFlowNodes(board, selectedNodes, problems, prev)), [board, selectedNodes, problems]);
  useEffect(() => setEdges((prev) => toFlowEdges(board, selectedEdges, invalidEdges, prev, edgeAria)), [board, selectedEdges, invalidEdges, edgeAria]);

  // A drag moves stickies in React Flow's state only; the board gets the final positions once, at
  // drag end, as one undo step. Pushing every frame through the store re-rendered the whole page
  // (and re-derived all nodes) per frame, which is what made large boards stutter.
  const dragged = useRef(new Map<string, XY>());
  // A dragged frame takes what it held when the drag started (lib/editor/frameOps.ts): the same
  // delta is shown on its contents while dragging, and the store applies it again at drag end.
  const followers = useRef<Followers | null>(null);
  const onNodesChange = useCallback(
    (changes: NodeChange<BoardFlowNode>[]) => {
      const s = store.getState();
      const selected = applySelectChanges(s.selectedNodes, changes);
      if (selected) s.select([...selected], [...s.selectedEdges]);
      let finished = false;
      const moves = new Map<string, XY>();
      for (const c of changes) {
        // A resize moves a frame's corner with no `dragging` flag: its end is committed by the frame (onResizeEnd).
        if (c.type !== "position" || !c.position || c.dragging === undefined) continue;
        const p = { x: Math.round(c.position.x), y: Math.round(c.position.y) };
        dragged.current.set(c.id, p);
        moves.set(c.id, p);
        if (!c.dragging) finished = true;
      }
      let shown: NodeChange<BoardFlowNode>[] = changes;
      if (moves.size > 0 && !readOnly) {
        followers.current ??= followersOf(s.board, moves.keys());
        const along = followerPositions(followers.current, moves);
        for (const id of moves.keys()) along.delete(id);
        if (along.size > 0) shown = [...changes, ...[...along].map(([id, position]) => ({ id, type: "position" as const, position }))];
      }
      setNodes((prev) => applyNodeChanges(shown, prev));
      if (finished && !readOnly) {
        const moved = dragged.current;
        dragged.current = new Map();
        followers.current = null;
        store.getState().moveNodes(moved);
      }
    },
    [store, readOnly],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<StickyFlowEdge>[]) => {
      setEdges((prev) => applyEdgeChanges(changes, prev));
      const s = store.getState();
      const selected = applySelectChanges(s.selectedEdges, changes);
      if (selected) s.select([...s.selectedNodes], [...selected]);
    },
    [store],
  );

  // The grammar's one check (lib/model), on the board as it is now: the store makes it again, with
  // the duplicate-edge rule, when the connection is dropped.
  const isValidConnection: IsValidConnection = useCallback(
    (c) => checkBoardConnection(store.getState().board.nodes, c.source, c.target).ok,
    [store],
  );
  const showRefusal = useCallback((x: number, y: number, text: string) => {
    setRefusal({ x, y, text });
    if (refusalTimer.current) clearTimeout(refusalTimer.current);
    refusalTimer.current = setTimeout(() => setRefusal(null), 4000);
  }, []);
  const onConnect = useCallback(
    (c: Connection) => {
      const result = store.getState().connect(c.source, c.target);
      // Measure both ends again: a sticky created a moment before (by key or drop) may not have
      // its handles measured yet, and React Flow draws no edge to a sticky without handle bounds
      // (the edge was in the board, saved, and invisible until something re-measured the sticky).
      if (result.ok) updateNodeInternals([c.source, c.target]);
      if (!result.ok) {
        const p = pointer.current ? flow.flowToScreenPosition(pointer.current) : { x: 200, y: 200 };
        showRefusal(p.x, p.y, refusalText(locale, result, store.getState().board, c.source, c.target));
      }
    },
    [store, flow, pointer, showRefusal, updateNodeInternals, locale],
  );
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      setConnecting(false);
      if (!state.toNode || state.isValid || !state.fromNode || state.toNode.id === state.fromNode.id) return;
      const check = checkBoardConnection(store.getState().board.nodes, state.fromNode.id, state.toNode.id);
      const point = "clientX" in event ? event : event.changedTouches[0]!;
      if (!check.ok) showRefusal(point.clientX, point.clientY, refusalText(locale, check, store.getState().board, state.fromNode.id, state.toNode.id));
    },
    [store, showRefusal, locale],
  );

  const onConnectStart = useCallback(() => setConnecting(true), []);
  const onDragOver = useCallback((e: DragEvent) => {
    if (!readOnly && e.dataTransfer.types.includes(KIND_DRAG_TYPE)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    }
  }, [readOnly]);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(KIND_DRAG_TYPE);
      if (readOnly) return;
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const s = store.getState();
      if (kind === FRAME_DRAG_VALUE || kind === NOTE_DRAG_VALUE) {
        e.preventDefault();
        // Dropped at a point: drawn there, not around whatever happens to be selected.
        if (kind === FRAME_DRAG_VALUE) return void (s.select([]), s.addFrame(at, undefined, F.defaultFrameName));
        return void s.addNote(at, F.defaultNoteText);
      }
      if (!isNodeKind(kind)) return;
      e.preventDefault();
      s.addNode(kind, at);
    },
    [store, flow, readOnly, F],
  );

  const minimapColor = useCallback(
    (n: BoardFlowNode) => (n.type === "frame" ? frameFill(n.data.frame) : n.type === "note" ? "#dee2e6" : KIND_META[n.data.node.kind].fill),
    [],
  );
  const empty = board.nodes.length === 0 && !board.frames?.length && !board.notes?.length;
  // The first fit happens after mount, once React Flow has measured the stickies, so the
  // canvas width read here (before paint) is the one it fits into.
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(NARROW_CANVAS + 1);
  useLayoutEffect(() => setWidth(wrapRef.current?.clientWidth ?? NARROW_CANVAS + 1), []);
  const padding = fitPadding(width);
  const fitViewOptions = useMemo(() => ({ padding, maxZoom: FIT_MAX_ZOOM }), [padding]);
  // The opening fit only for a board that opens with stickies. React Flow fits once the first
  // stickies are measured, so on a board that opens empty it would fit around the first sticky
  // dropped there: the view jumped, and that sticky left the place it was dropped (the flaky
  // palette-drop e2e test caught it).
  const [fitOnOpen] = useState(() => !empty);
  useOpeningView(fitOnOpen, wrapRef, fitPaddingPx, FIT_MAX_ZOOM);

  return (
    <div
      ref={wrapRef}
      className={`${styles.wrap}${connecting ? " sf-connecting" : ""}`}
      data-testid="canvas"
      data-readonly={readOnly || undefined}
      // Focusable by script only: the toolbar's canvas actions hand the keyboard back here.
      tabIndex={-1}
      onMouseMove={(e) => {
        pointer.current = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
        session?.setPresence({ cursor: pointer.current });
      }}
      onMouseLeave={() => {
        pointer.current = null;
        session?.setPresence({ cursor: null });
      }}
    >
      <ReadOnlyContext.Provider value={readOnly}>
      <ReactFlow<BoardFlowNode, StickyFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        onConnect={onConnect}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        connectionLineComponent={ConnectionLine}
        // A connection starts from a handle on any side of a sticky (and ends on any): the board
        // keeps only which stickies an arrow joins, drawn from the right side to the left.
        connectionMode={ConnectionMode.Loose}
        connectionRadius={30}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        // Stacking is set per node (toFlow.ts): raising a selected frame would hide its stickies.
        elevateNodesOnSelect={false}
        panActivationKeyCode="Space"
        panOnDrag={PAN_BUTTONS}
        zoomOnDoubleClick={false}
        fitViewOptions={fitViewOptions}
        minZoom={0.1}
        maxZoom={2.5}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        proOptions={PRO_OPTIONS}
        ariaLabelConfig={flowAria}
        onlyRenderVisibleElements={board.nodes.length > 200}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#ced4da" />
        <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} position="bottom-right" style={MINIMAP_STYLE} />
        <Controls position="bottom-left" />
        {!readOnly && <RemoteCursors />}
      </ReactFlow>
      </ReadOnlyContext.Provider>
      {!readOnly && <RenameCapture />}
      {empty && !readOnly && (
        <div className={styles.empty}>
          <div className={styles.emptyCard} data-testid="canvas-empty">
            <EmptyHint />
          </div>
        </div>
      )}
      {refusal && (
        <div className={styles.toast} style={{ left: refusal.x + 14, top: refusal.y + 12 }}>
          <div className={styles.refusal} role="alert" data-testid="connection-refused">
            {refusal.text}
          </div>
        </div>
      )}
    </div>
  );
}

/** What to do on an empty board; the keys in the sentence are shown as keys. */
function EmptyHint() {
  const S = useStrings().board;
  return (
    <>
      <strong>{S.emptyTitle}</strong>
      <p>
        {S.emptyHint.split(/(\{[A-Z]\})/u).map((part, i) => (/^\{[A-Z]\}$/u.test(part) ? <kbd key={i}>{part.slice(1, -1)}</kbd> : part))}
      </p>
    </>
  );
}
