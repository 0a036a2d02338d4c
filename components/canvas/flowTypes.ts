import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";
import type { BoardNode } from "@/lib/model/schema";

/** What a sticky on the canvas carries: its board node and how many problems point at it. */
export type StickyData = { node: BoardNode; problems: number; problemText: string };
export type StickyFlowNode = FlowNode<StickyData, "sticky">;
export type StickyFlowEdge = FlowEdge<{ invalid: string | null }, "sticky">;
