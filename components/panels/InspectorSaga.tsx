"use client";
import { useCallback, useMemo } from "react";
import type { Board, SagaNode, SagaStep } from "@/lib/model/schema";
import { useEditorStore } from "@/components/board/EditorContext";
import { useBoardIssues } from "@/components/board/IssuesContext";
import { Section } from "./InspectorControls";
import { SagaStepsEditor } from "./SagaStepsEditor";
import { newSagaStep, participantOptions, stepIssues } from "./sagaSteps";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** A saga step id not used in `steps`. */
function newStepId(steps: readonly SagaStep[]): string {
  const taken = new Set(steps.map((s) => s.id));
  for (;;) {
    const id = `step-${Math.random().toString(36).slice(2, 8)}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * A saga's steps section: the editor over the store. Choosing a participant goes through the
 * store's saga op, which also draws the saga → participant edge.
 * Its problems are the workspace's validation (one per edit, on a deferred board).
 */
export function InspectorSaga({ node, board }: { node: SagaNode; board: Board }) {
  const { inspector: S, kinds } = useStrings();
  const store = useEditorStore();
  const id = node.id;
  const boardIssues = useBoardIssues();
  const issues = useMemo(() => stepIssues(boardIssues, id), [boardIssues, id]);
  const nodes = board.nodes;
  const participants = useMemo(() => participantOptions({ nodes }), [nodes]);
  const describeSticky = useCallback(
    (stickyId: string) => {
      const sticky = nodes.find((n) => n.id === stickyId);
      return sticky ? S.participantOption(sticky.name.trim(), kinds[sticky.kind]) : null;
    },
    [nodes, S, kinds],
  );

  return (
    <Section title={S.steps} aside={String(node.steps.length)}>
      <SagaStepsEditor
        steps={node.steps}
        participants={participants}
        describeSticky={describeSticky}
        issues={issues}
        idPrefix="steps"
        newId={() => newStepId(node.steps)}
        onChange={(steps, mk) =>
          store.getState().patchNode(id, (n) => (n.kind === "saga" ? { ...n, steps } : n), mk ? `${id}:${mk}` : undefined)
        }
        onParticipant={(index, participantId) => store.getState().setStepParticipant(id, index, participantId)}
        onAdd={(stepId) => {
          const current = store.getState().board;
          store.getState().addSagaStep(id, newSagaStep(current, id, node.steps, stepId, S.newStepAction));
        }}
      />
    </Section>
  );
}
