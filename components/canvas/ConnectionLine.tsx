"use client";
import { getBezierPath, type ConnectionLineComponentProps } from "@xyflow/react";
import { checkConnection } from "@/lib/model/grammar";
import { useLocale } from "@/components/i18n/LocaleProvider";
import { kindCheckText } from "./connectionText";
import type { BoardFlowNode } from "./flowTypes";
import styles from "./canvas.module.css";

/** The line drawn while connecting; over a sticky the grammar refuses, it says why, next to the cursor. */
export function ConnectionLine({ fromX, fromY, toX, toY, fromPosition, toPosition, fromNode, toNode }: ConnectionLineComponentProps<BoardFlowNode>) {
  const { locale } = useLocale();
  const [path] = getBezierPath({ sourceX: fromX, sourceY: fromY, sourcePosition: fromPosition, targetX: toX, targetY: toY, targetPosition: toPosition });
  // Only stickies have handles; frames and notes never take part in a connection.
  const from = "node" in fromNode.data ? fromNode.data.node : null;
  const to = toNode && "node" in toNode.data ? toNode.data.node : null;
  const check = from && to && toNode!.id !== fromNode.id ? checkConnection(from.kind, to.kind) : null;
  const refused = check && !check.ok ? kindCheckText(locale, check, from!.kind, to!.kind) : null;
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
