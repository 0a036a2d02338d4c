import { PARTICIPANT_KINDS } from "./analyze";
import { nameKey } from "./names";
import type { Board, BoardNode } from "./schema";

/**
 * Which saga → participant arrow carries each saga step: the arrow its command travels and its
 * reply comes back on. One rule, read by every consumer: the canvas's step numbers on the
 * arrows, the design document's diagram, the topology (so the run's spans draw a step's messages
 * on that arrow), and validation (a step whose participant no arrow reaches).
 *
 * The rule: a step of saga sticky S goes on the first arrow (in board order) from S to its
 * participant sticky, else on the first arrow from S to a sticky merged with it (same kind, same
 * name). Steps are those of each saga sticky itself.
 */
export interface SagaStepEdges {
  /** By saga sticky id: each step's arrow id, by step index (null: no arrow reaches its participant). */
  readonly ofStep: ReadonlyMap<string, readonly (string | null)[]>;
  /** By arrow id: the numbers (from 1, as the canvas shows them) of the steps it carries; arrows no step uses are absent. */
  readonly ofEdge: ReadonlyMap<string, readonly number[]>;
}

const PARTICIPANTS: ReadonlySet<string> = new Set(PARTICIPANT_KINDS);

/**
 * The arrow from saga sticky `sagaId` that a step with participant `participantId` travels, by
 * the rule above; null when none reaches it (or the sticky cannot be a participant). The editor
 * asks before drawing one.
 */
export function sagaArrowTo(board: Pick<Board, "nodes" | "edges">, sagaId: string, participantId: string): string | null {
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  const participant = byId.get(participantId);
  if (!participant || !PARTICIPANTS.has(participant.kind)) return null;
  const edges = board.edges.flatMap((edge) => {
    const target = edge.source === sagaId ? byId.get(edge.target) : undefined;
    return target ? [{ id: edge.id, target }] : [];
  });
  return pickArrow(edges, participant)?.id ?? null;
}

/** The first arrow to the participant sticky itself, else the first to a sticky merged with it (same kind, same name). */
function pickArrow<E extends { readonly target: BoardNode }>(edges: readonly E[], participant: BoardNode): E | undefined {
  const key = nameKey(participant.name);
  return edges.find((e) => e.target.id === participant.id) ?? edges.find((e) => e.target.kind === participant.kind && nameKey(e.target.name) === key);
}

export function sagaStepEdges(board: Pick<Board, "nodes" | "edges">): SagaStepEdges {
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  const fromSaga = new Map<string, { id: string; target: BoardNode }[]>();
  for (const edge of board.edges) {
    if (byId.get(edge.source)?.kind !== "saga") continue;
    const target = byId.get(edge.target);
    if (!target) continue;
    const list = fromSaga.get(edge.source);
    if (list) list.push({ id: edge.id, target });
    else fromSaga.set(edge.source, [{ id: edge.id, target }]);
  }
  const ofStep = new Map<string, (string | null)[]>();
  const ofEdge = new Map<string, number[]>();
  for (const saga of board.nodes) {
    if (saga.kind !== "saga") continue;
    const edges = fromSaga.get(saga.id) ?? [];
    const arrows = saga.steps.map((step, i) => {
      const participant = step.participant === undefined ? undefined : byId.get(step.participant);
      if (!participant || !PARTICIPANTS.has(participant.kind)) return null;
      const edge = pickArrow(edges, participant);
      if (!edge) return null;
      const list = ofEdge.get(edge.id);
      if (list) list.push(i + 1);
      else ofEdge.set(edge.id, [i + 1]);
      return edge.id;
    });
    ofStep.set(saga.id, arrows);
  }
  return { ofStep, ofEdge };
}
