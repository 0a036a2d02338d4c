"use client";
import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, useStore, type EdgeProps } from "@xyflow/react";
import { routePath } from "@/lib/model/edgeRoute";
import { sagaStepEdges } from "@/lib/model/sagaEdges";
import type { Board } from "@/lib/model/schema";
import { useEditor } from "@/components/board/EditorContext";
import { useRunView } from "@/components/run/RunViewContext";
import type { StickyFlowEdge } from "./flowTypes";
import { COUNT_BUBBLE_HEIGHT, COUNT_BUBBLE_PADDING, countBubbleBox } from "@/lib/editor/labelPlacement";
import { canvasLabel, canvasRoute } from "./edgeRoutes";
import { useStrings } from "@/components/i18n/LocaleProvider";

/**
 * The step numbers each saga → participant edge carries ("1, 3"), derived from the board on
 * screen. Every edge's selector asks on every store change, so they are derived once per board
 * and the last board's answer is kept (one entry: it never grows).
 */
let lastStepLabels: { nodes: Board["nodes"]; edges: Board["edges"]; labels: Map<string, string> } | null = null;
function stepLabelOf(board: Board, edgeId: string): string | null {
  if (lastStepLabels?.nodes !== board.nodes || lastStepLabels.edges !== board.edges) {
    const labels = new Map([...sagaStepEdges(board).ofEdge].map(([id, steps]) => [id, steps.join(", ")]));
    lastStepLabels = { nodes: board.nodes, edges: board.edges, labels };
  }
  return lastStepLabels.labels.get(edgeId) ?? null;
}

const COUNT_BUBBLE_STYLE = { background: "#364fc7", color: "#fff", padding: `0 ${COUNT_BUBBLE_PADDING}px`, borderRadius: 8, fontSize: 10, fontWeight: 700, lineHeight: `${COUNT_BUBBLE_HEIGHT}px`, fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" } as const;
const STEP_LABEL_STYLE = { background: "#f3f0ff", color: "#5f3dc4", padding: "0 5px", borderRadius: 7, fontSize: 10, fontWeight: 600, lineHeight: "15px", border: "1px solid #d0bfff", fontVariantNumeric: "tabular-nums" } as const;

function StickyEdgeView(props: EdgeProps<StickyFlowEdge>) {
  const R = useStrings().run;
  const S = useStrings().inspector;
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, label, data, markerEnd } = props;
  // The route round the other stickies when a curve would pass under one, or loop back over
  // its own two (issue 16 bug 4): lib/model's rule, which the SVG export draws too.
  const route = useStore((s) => canvasRoute(s, id, { x: sourceX, y: sourceY, side: sourcePosition }, { x: targetX, y: targetY, side: targetPosition }));
  const path = routePath(route);
  const { x: labelX, y: labelY } = route.label;
  const invalid = data?.invalid ?? null;
  const activity = useRunView((s) => s.edgeActivity.get(id), undefined);
  const onPath = useRunView((s) => s.highlight.edges.has(id), false);
  // Only when the edge has no label of its own: a saga → participant edge shows its step numbers.
  const steps = useEditor((s) => (label ? null : stepLabelOf(s.board, id)));
  // The run's count bubble: above the line (over the label, if any), moved along it or beside it
  // where it would cover a sticky or a sticky's run badge.
  const bubbleBox = activity ? countBubbleBox(activity.messages, Boolean(label || steps)) : null;
  const bubble = useStore((s) => (bubbleBox ? canvasLabel(s, id, route, bubbleBox) : null));
  const stroke = invalid ? "#c92a2a" : onPath ? "#7048e8" : selected ? "#5f3dc4" : activity ? "#4c6ef5" : "#868e96";
  return (
    <g data-edge-id={id} data-route={route.kind}>
      {invalid && <title>{invalid}</title>}
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke, strokeWidth: selected || onPath ? 2.5 : 1.6, strokeDasharray: invalid ? "6 4" : undefined }}
      />
      {activity && (
        // Messages flowing: a dash pattern that moves, restarted (keyed) on each new message.
        <path key={activity.lastSeq} d={path} fill="none" stroke="#4c6ef5" strokeWidth={2.5} strokeDasharray="4 10" className="sf-edge-flow" />
      )}
      {activity && bubble && (
        <EdgeLabelRenderer>
          <div
            data-testid="edge-count"
            data-edge-count={id}
            data-messages={activity.messages}
            title={R.edgeTitle(activity.messages)}
            className="nodrag nopan"
            style={{ position: "absolute", transform: `translate(-50%, -50%) translate(${bubble.center.x}px, ${bubble.center.y}px)`, ...COUNT_BUBBLE_STYLE }}
          >
            {activity.messages}
          </div>
        </EdgeLabelRenderer>
      )}
      {label && (
        <EdgeLabelRenderer>
          <div
            data-testid="edge-label"
            data-edge-label={id}
            style={{ position: "absolute", transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, background: "#fff", padding: "1px 6px", borderRadius: 8, fontSize: 11, border: "1px solid #dee2e6", unicodeBidi: "isolate" }}
            className="nodrag nopan"
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
      {!label && steps && (
        <EdgeLabelRenderer>
          <div
            data-testid="edge-steps"
            data-edge-steps={id}
            title={S.edgeSteps(steps)}
            className="nodrag nopan"
            style={{ position: "absolute", transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, ...STEP_LABEL_STYLE }}
          >
            {steps}
          </div>
        </EdgeLabelRenderer>
      )}
    </g>
  );
}

export const StickyEdge = memo(StickyEdgeView);
