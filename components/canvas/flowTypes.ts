import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";
import type { BoardNode, Frame, Note } from "@/lib/model/schema";

/** What a sticky on the canvas carries: its board node and how many problems point at it. */
export type StickyData = { node: BoardNode; problems: number; problemText: string };
export type StickyFlowNode = FlowNode<StickyData, "sticky">;
/** A bounded-context frame, drawn behind stickies and edges; `stickies`: how many it holds. */
export type FrameData = { frame: Frame; stickies: number };
export type FrameFlowNode = FlowNode<FrameData, "frame">;
/** A free text note. */
export type NoteData = { note: Note };
export type NoteFlowNode = FlowNode<NoteData, "note">;
/** Everything React Flow draws as a node on the board canvas. */
export type BoardFlowNode = StickyFlowNode | FrameFlowNode | NoteFlowNode;
export type StickyFlowEdge = FlowEdge<{ invalid: string | null }, "sticky">;
