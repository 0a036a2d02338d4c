"use client";
import { nameInputReason } from "@/lib/model/wellFormedText";
import { memo, useMemo, type CSSProperties, type KeyboardEvent } from "react";
import { Handle, Position, useConnection, type NodeProps } from "@xyflow/react";
import { checkConnection } from "@/lib/model/grammar";
import { kindCheckText } from "./connectionText";
import { KIND_META, type NodeKind } from "@/lib/model/kinds";
import type { Board, BoardNode, Field, SagaStep } from "@/lib/model/schema";
import { useEditor, useEditorStore } from "@/components/board/EditorContext";
import { LIMITS } from "@/lib/model/limits";
import { useInlineEdit } from "./useInlineEdit";
import { useRunView } from "@/components/run/RunViewContext";
import type { NodeActivity } from "@/lib/editor/runPlayback";
import type { NodeCounts, StepCounts } from "@/lib/contracts/runs";
import type { StickyFlowNode } from "./flowTypes";
import { useReadOnly, useStickyHighlight } from "./canvasMode";
import styles from "./sticky.module.css";
import { useLocale, useStrings } from "@/components/i18n/LocaleProvider";

/** The kind of the sticky a connection is being dragged from, or null: one string, so nodes re-render only at start/end. */
const connectingFromKind = (c: { inProgress: boolean; fromNode?: { id: string; data?: unknown } | null }) =>
  c.inProgress && c.fromNode ? `${c.fromNode.id}|${(c.fromNode.data as { node: BoardNode }).node.kind}` : null;

function StickyNodeView({ id, data, selected }: NodeProps<StickyFlowNode>) {
  const { node, problems, problemText } = data;
  const activity = useRunView((s) => s.nodeActivity.get(id), undefined);
  const onPath = useRunView((s) => s.highlight.nodes.has(id), false);
  const meta = KIND_META[node.kind];
  const { board: B, kinds } = useStrings();
  const { locale } = useLocale();
  const from = useConnection(connectingFromKind);
  const store = useEditorStore();
  const readOnly = useReadOnly();
  const highlight = useStickyHighlight(id);
  // Fast capture: a new sticky, or Enter/F2 on the selected one, opens its name to type; what was
  // typed before its input had the focus is kept (useInlineEdit, shared with frames and notes).
  const edit = useInlineEdit(id, node.name, readOnly);
  const { editing, setEditing } = edit;

  let connectClass = "";
  let connectReason = "";
  if (from) {
    const [fromId, fromKind] = from.split("|") as [string, NodeKind];
    if (fromId !== id) {
      const check = checkConnection(fromKind, node.kind);
      connectClass = check.ok ? styles.validTarget! : styles.invalidTarget!;
      connectReason = kindCheckText(locale, check, fromKind, node.kind);
    }
  }

  const commitName = () =>
    edit.finish((text) => {
      const name = text.trim();
      if (nameInputReason(name) === null && name.length <= LIMITS.nameLength && name !== node.name) store.getState().patchNode(id, (n) => ({ ...n, name }));
    });
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    e.stopPropagation();
    // A syllable still being composed (Korean, Japanese input methods): Enter and Tab are the input method's.
    if (e.nativeEvent.isComposing) return;
    if (e.key === "Enter") commitName();
    if (e.key === "Escape") edit.stop();
    // Tab names this sticky and adds the next one: a chain is typed without leaving the keyboard.
    if (e.key === "Tab" && !e.shiftKey) {
      e.preventDefault();
      commitName();
      store.getState().addNext(id);
    }
  };

  const integration = node.kind === "event" && node.scope === "integration";
  // A failure event (OrderFailed) must not pass for a success at a glance: a red edge and a label.
  const failure = node.kind === "event" && node.outcome === "failure";
  return (
    <div
      className={[
        styles.sticky, styles[node.kind], selected ? styles.selected : "", integration ? styles.integration : "", failure ? styles.failureOutcome : "", connectClass,
        activity && hasTrouble(activity.counts) ? styles.failing : "", onPath ? styles.onPath : "",
        highlight === "breaking" ? styles.compatBreaking : highlight === "changed" ? styles.compatChanged : "",
      ].join(" ")}
      style={{ background: meta.fill }}
      data-node-id={node.id}
      data-kind={node.kind}
      data-outcome={failure ? "failure" : undefined}
      data-compat={highlight}
      title={connectReason || undefined}
      onDoubleClick={(e) => {
        e.stopPropagation();
        // An old revision on screen is read-only: no rename in place.
        edit.start();
      }}
    >
      {/* The right-hand source handle comes first: an arrow with no handle of its own is drawn from the first. */}
      <Handle type="source" position={Position.Right} className={styles.handle} />
      <Handle type="target" position={Position.Left} className={styles.handle} />
      <Handle type="source" id="top" position={Position.Top} className={`${styles.handle} ${styles.sideHandle}`} />
      <Handle type="source" id="bottom" position={Position.Bottom} className={`${styles.handle} ${styles.sideHandle}`} />
      {/* The whole sticky is a drop target while connecting (pointer events only then, see canvas CSS). */}
      <Handle type="target" id="whole" position={Position.Left} className={styles.dropZone} />
      <div className={styles.kindLabel}>
        {node.kind === "actor" && <PersonIcon />}
        {kinds[node.kind]}
        {integration && B.integration}
        {failure && B.failure}
      </div>
      {editing !== null ? (
        <input
          className={`${styles.nameInput} nodrag`}
          aria-label={B.stickyName}
          ref={edit.field as React.RefObject<HTMLInputElement>}
          // Focused by useInlineEdit (not autoFocus): never while an input method composes in the capture field.
          // Typed before the focus came: kept, the caret after it; else the name is selected, to type over.
          onFocus={edit.onFocus}
          maxLength={LIMITS.nameLength}
          value={editing}
          onChange={(e) => setEditing(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => commitName()}
        />
      ) : (
        <div className={styles.name}>{node.name}</div>
      )}
      <Details node={node} activity={activity} />
      {activity && <RunBadge activity={activity} />}
      {problems > 0 && (
        <span className={styles.badge} title={problemText} aria-label={B.problemCount(problems)}>
          {problems}
        </span>
      )}
    </div>
  );
}

function PersonIcon() {
  return (
    <svg width="10" height="10" viewBox="0 0 16 16" aria-hidden style={{ marginRight: 3, verticalAlign: -1 }}>
      <circle cx="8" cy="4.5" r="3.2" fill="currentColor" />
      <path d="M1.8 15.5c0-3.6 2.8-6.2 6.2-6.2s6.2 2.6 6.2 6.2z" fill="currentColor" />
    </svg>
  );
}

/** The compact preview under the name: payload fields, a service's action, a saga's steps. */
function Details({ node, activity }: { node: BoardNode; activity?: NodeActivity }) {
  switch (node.kind) {
    case "event":
    case "command":
      return <FieldPreview fields={node.payload} />;
    case "readModel":
      return <FieldPreview fields={node.fields} />;
    case "service":
      return node.action ? <div className={styles.action}>{node.action}</div> : null;
    case "saga":
      return <SagaSteps steps={node.steps} activity={activity} />;
    default:
      return null;
  }
}

const selectNodes = (s: { board: Board }) => s.board.nodes;

/** Pivot and retriable steps carry a small marker; compensable ones show their compensation instead. */
const STEP_MARK_BASE: CSSProperties = {
  display: "inline-block",
  marginLeft: 4,
  padding: "0 4px",
  borderRadius: 6,
  fontSize: 8.5,
  fontWeight: 700,
  letterSpacing: "0.05em",
  textTransform: "uppercase",
  lineHeight: "13px",
  verticalAlign: 1,
};
const STEP_MARK: Record<"pivot" | "retriable", CSSProperties> = {
  pivot: { ...STEP_MARK_BASE, background: "#7048e8", color: "#fff" },
  retriable: { ...STEP_MARK_BASE, background: "#d0ebff", color: "#1864ab" },
};

/**
 * A saga's steps, each `n. Participant — Action ↺ Compensation`, the participant's name read
 * from the board (a step stores its id). Re-renders when the board's stickies change, which
 * only saga stickies subscribe to.
 */
function SagaSteps({ steps, activity }: { steps: readonly SagaStep[]; activity?: NodeActivity }) {
  const { run: R, inspector: S, board: B } = useStrings();
  const nodes = useEditor(selectNodes);
  const participants = useMemo(() => {
    const names = new Map(nodes.map((n) => [n.id, n.name]));
    return steps.map((s) => (s.participant === undefined ? null : (names.get(s.participant) ?? null)));
  }, [nodes, steps]);
  return (
    <ol className={styles.steps}>
      {steps.map((s, i) => {
        // During a run: what happened to this step across the saga instances (the API's graph).
        const counts = activity?.counts.steps?.[i];
        const mark = counts ? stepMark(counts) : null;
        const participant = participants[i];
        return (
          <li
            key={s.id}
            data-step-index={i}
            data-step-type={s.type}
            data-completed={counts?.completed}
            data-failed={counts?.failed}
            data-compensated={counts?.compensated}
            data-compensation-failed={counts?.compensationFailed}
            className={mark ? styles[mark] : undefined}
            title={counts ? R.badge.stepTitle(counts) : undefined}
          >
            <span className={styles.stepNo}>{i + 1}.</span> {participant ?? <span className={styles.muted}>?</span>} — {s.action.name}
            {s.type !== "compensable" ? (
              <span style={STEP_MARK[s.type]} title={S.stepTypeHints[s.type]}>
                {S.stepTypeOptions[s.type]}
              </span>
            ) : null}
            {s.type === "compensable" && s.compensation ? <span className={styles.comp}> ↺ {s.compensation.name}</span> : null}
            {counts && (counts.failed > 0 || counts.compensated > 0 || counts.compensationFailed > 0) ? (
              <span className={styles.stepCounts} aria-label={R.badge.stepTitle(counts)}>
                {counts.failed > 0 && <span className={styles.stepFailedCount}>✗{counts.failed}</span>}
                {counts.compensated > 0 && <span className={styles.stepCompensatedCount}>↺{counts.compensated}</span>}
                {counts.compensationFailed > 0 && <span className={styles.stepFailedCount}>↺✗{counts.compensationFailed}</span>}
              </span>
            ) : null}
          </li>
        );
      })}
      {steps.length === 0 && <li className={styles.muted}>{B.noSteps}</li>}
    </ol>
  );
}

/** The worst thing that happened to a step, for its colour: a failure outranks a compensation, which outranks success. */
function stepMark(counts: StepCounts): "stepFailed" | "stepCompensated" | "stepDone" | null {
  if (counts.failed > 0 || counts.compensationFailed > 0) return "stepFailed";
  if (counts.compensated > 0) return "stepCompensated";
  if (counts.completed > 0) return "stepDone";
  return null;
}

/**
 * Something went wrong on the sticky that was not put right: a message dead-lettered, a failed
 * attempt that no retry followed (a rejected command), a saga that did not complete. Failures a
 * retry recovered from show in the badge's text, not in red.
 */
function hasTrouble(counts: NodeCounts): boolean {
  return counts.deadLettered > 0 || counts.failed > counts.retried || (counts.sagas ? counts.sagas.failed + counts.sagas.compensated > 0 : false);
}

/**
 * Live counts on a sticky during a run: exactly the runs API's `graph.nodes[id]` (the same fold
 * over the same spans), as data attributes for tests and tools, and in words in the tooltip.
 * The keyed ring re-mounts on each new span, so it pulses.
 */
function RunBadge({ activity }: { activity: NodeActivity }) {
  const R = useStrings().run;
  const { counts } = activity;
  const trouble = hasTrouble(counts);
  const title = [R.badge.title(counts), activity.lastError].filter(Boolean).join("\n");
  return (
    <>
      <span key={activity.lastSeq} className={trouble ? styles.pulseError : styles.pulse} aria-hidden />
      <span
        className={trouble ? styles.runCountError : styles.runCount}
        data-testid="sticky-run-count"
        data-received={counts.received}
        data-handled={counts.handled}
        data-failed={counts.failed}
        data-retried={counts.retried}
        data-dead-lettered={counts.deadLettered}
        data-sagas-completed={counts.sagas?.completed}
        data-sagas-compensated={counts.sagas?.compensated}
        data-sagas-failed={counts.sagas?.failed}
        title={title}
        aria-label={R.badge.title(counts)}
      >
        {R.badge.text(counts)}
      </span>
    </>
  );
}

const PREVIEW_FIELDS = 4;

function FieldPreview({ fields }: { fields: readonly Field[] }) {
  const B = useStrings().board;
  if (fields.length === 0) return null;
  return (
    <ul className={styles.fields}>
      {fields.slice(0, PREVIEW_FIELDS).map((f, i) => (
        <li key={i}>
          {f.name}
          <span className={styles.type}>: {f.type === "array" ? `${f.items?.type ?? "unknown"}[]` : f.type}{f.required === false ? "?" : ""}</span>
        </li>
      ))}
      {fields.length > PREVIEW_FIELDS && <li className={styles.muted}>{B.moreFields(fields.length - PREVIEW_FIELDS)}</li>}
    </ul>
  );
}

export const StickyNode = memo(StickyNodeView);
