"use client";
import { getBezierPath, type ConnectionLineComponentProps } from "@xyflow/react";
import { checkConnection } from "@/lib/model/grammar";
import type { StickyFlowNode } from "./flowTypes";
import styles from "./canvas.module.css";

/** The line drawn while connecting; over a sticky the grammar refuses, it says why, next to the cursor. */
export function ConnectionLine({ fromX, fromY, toX, toY, fromPosition, toPosition, fromNode, toNode }: ConnectionLineComponentProps<StickyFlowNode>) {
  const [path] = getBezierPath({ sourceX: fromX, sourceY: fromY, sourcePosition: fromPosition, targetX: toX, targetY: toY, targetPosition: toPosition });
  const check = toNode && toNode.id !== fromNode.id ? checkConnection(fromNode.data.node.kind, toNode.data.node.kind) : null;
  const refused = check && !check.ok ? check.reason : null;
  return (
    <g>
      <path d={path} fill="none" stroke={refused ? "#c92a2a" : "#5f3dc4"} strokeWidth={2} strokeDasharray={refused ? "5 4" : undefined} />
      {refused && (
        <foreignObject x={toX + 14} y={toY + 10} width={280} height={80} style={{ overflow: "visible" }}>
          <div className={styles.refusal} role="status" data-testid="connection-refusal">
            {refused}
          </div>
        </foreignObject>
      )}
    </g>
  );
}
