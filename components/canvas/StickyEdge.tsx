"use client";
import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import type { StickyFlowEdge } from "./flowTypes";

function StickyEdgeView(props: EdgeProps<StickyFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, label, data, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const invalid = data?.invalid ?? null;
  const stroke = invalid ? "#c92a2a" : selected ? "#5f3dc4" : "#868e96";
  return (
    <g data-edge-id={id}>
      {invalid && <title>{invalid}</title>}
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke, strokeWidth: selected ? 2.5 : 1.6, strokeDasharray: invalid ? "6 4" : undefined }}
      />
      {label && (
        <EdgeLabelRenderer>
          <div
            style={{ position: "absolute", transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, background: "#fff", padding: "1px 6px", borderRadius: 8, fontSize: 11, border: "1px solid #dee2e6" }}
            className="nodrag nopan"
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </g>
  );
}

export const StickyEdge = memo(StickyEdgeView);
