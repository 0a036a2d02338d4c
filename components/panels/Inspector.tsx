"use client";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { useMemo } from "react";
import type { EditorActions, EditorState } from "@/lib/editor/store";
import { useEditor } from "@/components/board/EditorContext";
import { InspectorBoard } from "./InspectorBoard";
import { InspectorEdge } from "./InspectorEdge";
import { InspectorFrame } from "./InspectorFrame";
import { InspectorNote } from "./InspectorNote";
import { InspectorNode } from "./InspectorNode";
import { InspectorSelection } from "./InspectorSelection";
import styles from "./inspector.module.css";

type S = EditorState & EditorActions;
const selectBoard = (s: S) => s.board;
const selectNodeIds = (s: S) => s.selectedNodes;
const selectEdgeIds = (s: S) => s.selectedEdges;

/**
 * The inspector: what is selected, editable. One sticky: its name, description and kind's
 * fields. Several: a count by kind. One connection: its ends and label. Nothing: the board.
 * Every edit goes through the store (undoable; typing merges into one step per field).
 */
export default function Inspector() {
  const board = useEditor(selectBoard);
  const nodeIds = useEditor(selectNodeIds);
  const edgeIds = useEditor(selectEdgeIds);

  const nodes = useMemo(() => (nodeIds.size === 0 ? [] : board.nodes.filter((n) => nodeIds.has(n.id))), [board.nodes, nodeIds]);
  const edges = useMemo(() => (edgeIds.size === 0 ? [] : board.edges.filter((e) => edgeIds.has(e.id))), [board.edges, edgeIds]);

  // Frames and notes share the selection with stickies (one id space).
  const only = nodeIds.size === 1 && edgeIds.size === 0 ? [...nodeIds][0]! : null;
  const frame = only ? board.frames?.find((f) => f.id === only) : undefined;
  const note = only ? board.notes?.find((n) => n.id === only) : undefined;

  let content;
  if (frame) content = <InspectorFrame key={frame.id} frame={frame} board={board} />;
  else if (note) content = <InspectorNote key={note.id} note={note} />;
  else if (nodes.length === 0 && edges.length === 0 && nodeIds.size > 1) content = <OnlyFramesAndNotes count={nodeIds.size} />;
  else if (nodes.length === 1) content = <InspectorNode key={nodes[0]!.id} node={nodes[0]!} board={board} />;
  else if (nodes.length > 1 || edges.length > 1) content = <InspectorSelection nodes={nodes} edgeCount={edges.length} />;
  else if (edges.length === 1) content = <InspectorEdge key={edges[0]!.id} edge={edges[0]!} board={board} />;
  else content = <InspectorBoard board={board} />;

  return (
    <div className={styles.inspector} data-testid="inspector">
      {content}
    </div>
  );
}

export { Inspector };

/** Several frames or notes and no sticky selected: how many (each is edited on its own). */
function OnlyFramesAndNotes({ count }: { count: number }) {
  const F = useStrings().frames;
  return (
    <header className={styles.header}>
      <span className={styles.kindBar} style={{ background: "#ced4da" }} aria-hidden="true" />
      <div className={styles.headerLine}>
        <span className={styles.headerTitle} data-testid="inspector-selection-count">
          {F.framesAndNotesSelected(count)}
        </span>
      </div>
    </header>
  );
}
