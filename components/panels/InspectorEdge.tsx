"use client";
import { checkConnection } from "@/lib/model/grammar";
import { kindCheckText } from "@/components/canvas/connectionText";
import { LIMITS } from "@/lib/model/limits";
import type { Board, BoardNode, Edge } from "@/lib/model/schema";
import { ArrowDownIcon } from "@/components/ui/icons";
import { KindChip } from "@/components/ui/KindChip";
import { useEditorStore } from "@/components/board/EditorContext";
import { FormRow, OptionalTextInput, withKey } from "./InspectorControls";
import styles from "./inspector.module.css";
import { useLocale, useStrings } from "@/components/i18n/LocaleProvider";

/** One connection: which sticky to which, what it means, and its optional label. */
export function InspectorEdge({ edge, board }: { edge: Edge; board: Board }) {
  const S = useStrings().inspector;
  const { locale } = useLocale();
  const store = useEditorStore();
  const source = board.nodes.find((n) => n.id === edge.source);
  const target = board.nodes.find((n) => n.id === edge.target);
  const check = source && target ? checkConnection(source.kind, target.kind) : null;

  const setLabel = (label: string | undefined) => {
    const s = store.getState();
    const index = s.board.edges.findIndex((e) => e.id === edge.id);
    const current = s.board.edges[index];
    if (!current) return;
    const next = withKey(current, "label", label);
    if (next === current) return;
    const edges = s.board.edges.slice();
    edges[index] = next;
    s.commit({ ...s.board, edges }, `edge-label:${edge.id}`);
  };

  return (
    <>
      <header className={styles.header}>
        <span className={styles.kindBar} style={{ background: "#adb5bd" }} aria-hidden="true" />
        <div className={styles.headerLine}>
          <span className={styles.headerTitle}>{S.connection}</span>
          <code className={styles.nodeId} title={edge.id}>
            {edge.id}
          </code>
        </div>
      </header>
      <div className={styles.body}>
        <div className={styles.ends} data-testid="inspector-edge-ends">
          <EdgeEnd role={S.from} node={source} />
          <span className={styles.endArrow} aria-hidden="true">
            <ArrowDownIcon size={14} />
          </span>
          <EdgeEnd role={S.to} node={target} />
        </div>
        {check ? <p className={check.ok ? styles.meaning : styles.refused}>{capitalize(kindCheckText(locale, check, source!.kind, target!.kind))}</p> : null}
        <FormRow label={S.label} htmlFor={`inspector-edge-label-${edge.id}`}>
          <OptionalTextInput
            id={`inspector-edge-label-${edge.id}`}
            data-testid="inspector-edge-label"
            value={edge.label}
            maxLength={LIMITS.shortTextLength}
            placeholder={S.labelPlaceholder}
            onCommit={setLabel}
          />
        </FormRow>
      </div>
    </>
  );
}

function EdgeEnd({ role, node }: { role: string; node: BoardNode | undefined }) {
  const S = useStrings().inspector;
  return (
    <div className={styles.end}>
      <span className={styles.label}>{role}</span>
      {node ? (
        <>
          <KindChip kind={node.kind} />
          <bdi className={styles.endName}>{node.name}</bdi>
        </>
      ) : (
        <span className={styles.endName}>{S.missingNode}</span>
      )}
    </div>
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith(".") ? "" : ".");
