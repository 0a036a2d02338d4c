"use client";
import { memo, useEffect } from "react";
import { useOnViewportChange, useReactFlow, useStore as useFlowStore, ViewportPortal } from "@xyflow/react";
import type { Participant } from "@/lib/coedit/presence";
import { useCoeditSession, useParticipants } from "@/components/board/CoeditContext";
import styles from "./canvas.module.css";

/**
 * The others on the board, drawn in flow coordinates (React Flow's ViewportPortal, so they pan
 * and zoom with the canvas): each one's pointer with their name (`data-presence-user`), and an
 * outline in their colour round the stickies they selected. Also reports this user's viewport,
 * which others follow.
 */
export const RemoteCursors = memo(function RemoteCursors() {
  const session = useCoeditSession();
  const participants = useParticipants();
  const flow = useReactFlow();
  // Selections are drawn round the stickies' measured boxes: re-render when nodes move or resize.
  useFlowStore((s) => s.nodeLookup);
  // A pointer keeps its size on screen at any zoom, as in Miro and Figma: scaled by 1/zoom.
  const zoom = useFlowStore((s) => s.transform[2]);
  useOnViewportChange({ onChange: (viewport) => session?.setPresence({ viewport }) });
  useEffect(() => {
    if (session) session.setPresence({ viewport: flow.getViewport() });
  }, [session, flow]);

  if (participants.length === 0) return null;
  return (
    <ViewportPortal>
      {participants.map((p) => (
        <Selection key={`sel-${p.clientId}`} participant={p} box={(id) => {
          const node = flow.getInternalNode(id);
          if (!node) return null;
          return { x: node.internals.positionAbsolute.x, y: node.internals.positionAbsolute.y, width: node.measured.width ?? 160, height: node.measured.height ?? 60 };
        }} />
      ))}
      {participants.map((p) =>
        p.cursor ? (
          <div
            key={p.clientId}
            className={styles.remoteCursor}
            data-presence-user={p.user.name}
            style={{ transform: `translate(${p.cursor.x}px, ${p.cursor.y}px) scale(${1 / zoom})`, color: p.user.color }}
          >
            <svg width="16" height="20" viewBox="0 0 16 20" aria-hidden="true">
              <path d="M1 1 L1 16 L5 12 L8 19 L10.5 18 L7.5 11 L13 11 Z" fill="currentColor" stroke="#fff" strokeWidth="1.2" />
            </svg>
            <span className={styles.remoteName} style={{ background: p.user.color }}>
              {p.user.name}
            </span>
          </div>
        ) : null,
      )}
    </ViewportPortal>
  );
});

function Selection({ participant, box }: { participant: Participant; box: (id: string) => { x: number; y: number; width: number; height: number } | null }) {
  return (
    <>
      {participant.selection.map((id) => {
        const b = box(id);
        if (!b) return null;
        return (
          <div
            key={id}
            className={styles.remoteSelection}
            data-presence-selection={participant.user.name}
            data-selected-node={id}
            style={{ transform: `translate(${b.x - 4}px, ${b.y - 4}px)`, width: b.width + 8, height: b.height + 8, borderColor: participant.user.color }}
          />
        );
      })}
    </>
  );
}
