"use client";
import { NODE_KINDS } from "@/lib/model/kinds";
import type { BoardNode } from "@/lib/model/schema";
import { KindChip } from "@/components/ui/KindChip";
import styles from "./inspector.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** Several things selected: how many, by kind. */
export function InspectorSelection({ nodes, edgeCount }: { nodes: readonly BoardNode[]; edgeCount: number }) {
  const { inspector: S, kinds: kindLabels } = useStrings();
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
  const kinds = NODE_KINDS.filter((kind) => counts.has(kind));

  return (
    <>
      <header className={styles.header}>
        <span className={styles.kindBar} style={{ background: "linear-gradient(90deg, #FFA94D, #74C0FC, #FFE066, #D0BFFF, #A9E34B)" }} aria-hidden="true" />
        <div className={styles.headerLine}>
          <span className={styles.headerTitle} data-testid="inspector-selection-count">
            {nodes.length > 0 ? S.selectedCount(nodes.length) : S.edgesSelected(edgeCount)}
          </span>
        </div>
        {nodes.length > 0 && edgeCount > 0 ? <p className={styles.headerMeta}>{S.selectedEdges(edgeCount)}</p> : null}
      </header>
      <div className={styles.body}>
        {kinds.length > 0 ? (
          <ul className={styles.breakdown} data-testid="inspector-kind-breakdown">
            {kinds.map((kind) => (
              <li key={kind} className={styles.breakdownRow}>
                <KindChip kind={kind} label={kindLabels[kind]} />
                <span className={styles.breakdownCount}>{counts.get(kind)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <p className={styles.emptyHint}>{S.multiHint}</p>
      </div>
    </>
  );
}
