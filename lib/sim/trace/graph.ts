import type { NodeCounts, RunGraph, StepCounts } from "../ports/records";
import type { Span } from "../ports/trace";

/*
 * A run drawn on its board: per sticky, the messages it received and handled (distinct message
 * ids), the attempts that failed and the retries (each counts), the messages dead-lettered there
 * (distinct); per edge, the distinct messages that crossed it; per saga sticky, how its instances
 * ended and how each step went. Folded from spans, each span on its own: every span that counts
 * carries the sticky (`nodeId`), the edge it crossed (`edgeId`) and the message (`messageId`) in
 * its attributes, so the fold never looks at a parent, and a span whose parent comes later in the
 * stream counts all the same. One fold, `RunGraphFold`, serves the server (the runs API, the CLI)
 * and the canvas (live, from the stream): at the end of a run both have folded the same spans.
 *
 * What counts where:
 * - `deliver` (a consumer group's delivery attempt): received; handled when it ends ok; failed when
 *   not; its edge (event → consumer, saga → participant for commands and back for replies);
 * - `command` (an entry command, or one a policy issues): on the command sticky, across the
 *   actor's or policy's edge;
 * - `handle` marked `direct` (an aggregate, external system or saga taking a command issued to it):
 *   as a delivery, across the command's edge;
 * - `publish` of a board event: on the event sticky, across the producer's edge;
 * - `retry`: retried; `dead-letter`: dead-lettered;
 * - a saga's `handle` of a reply with a `stepOutcome`, and its end (`append` with `sagaOutcome`):
 *   the saga sticky's steps and instances, each saga instance counted once per step and outcome.
 */

interface NodeSets {
  readonly received: Set<string>;
  readonly handled: Set<string>;
  failed: number;
  retried: number;
  readonly deadLettered: Set<string>;
  sagas?: { completed: Set<string>; compensated: Set<string>; failed: Set<string> };
  steps?: Map<number, { completed: Set<string>; failed: Set<string>; compensated: Set<string>; compensationFailed: Set<string> }>;
}

type SpanLike = Pick<Span, "kind" | "status" | "attributes">;

export class RunGraphFold {
  private readonly nodes = new Map<string, NodeSets>();
  private readonly edges = new Map<string, Set<string>>();
  /** Sticky and edge ids that changed since the last `takeChanged` (the canvas re-renders only those). */
  private changedNodes = new Set<string>();
  private changedEdges = new Set<string>();

  apply(spans: Iterable<SpanLike>): void {
    for (const span of spans) this.applyOne(span);
  }

  private applyOne(span: SpanLike): void {
    const a = span.attributes;
    const nodeId = typeof a.nodeId === "string" && a.nodeId ? a.nodeId : null;
    if (!nodeId) return;
    const messageId = typeof a.messageId === "string" ? a.messageId : null;
    const edgeId = typeof a.edgeId === "string" && a.edgeId ? a.edgeId : null;
    switch (span.kind) {
      case "deliver":
      case "command":
        this.arrive(nodeId, edgeId, messageId, span.status === "ok");
        break;
      case "handle":
        if (a.direct === true) this.arrive(nodeId, edgeId, messageId, span.status === "ok");
        else if (typeof a.stepOutcome === "string" && typeof a.stepIndex === "number" && typeof a.sagaId === "string") this.step(nodeId, a.stepIndex, a.stepOutcome, a.sagaId);
        break;
      case "publish":
        this.arrive(nodeId, edgeId, messageId, span.status === "ok");
        break;
      case "retry":
        this.node(nodeId).retried++;
        break;
      case "dead-letter":
        if (messageId) this.node(nodeId).deadLettered.add(messageId);
        break;
      case "append":
        if (typeof a.sagaOutcome === "string" && typeof a.sagaId === "string" && span.status === "ok") this.sagaEnd(nodeId, a.sagaOutcome, a.sagaId);
        break;
      default:
        return;
    }
    this.changedNodes.add(nodeId);
  }

  private arrive(nodeId: string, edgeId: string | null, messageId: string | null, ok: boolean): void {
    const node = this.node(nodeId);
    if (messageId) {
      node.received.add(messageId);
      if (ok) node.handled.add(messageId);
    }
    if (!ok) node.failed++;
    if (edgeId && messageId) {
      let set = this.edges.get(edgeId);
      if (!set) this.edges.set(edgeId, (set = new Set()));
      set.add(messageId);
      this.changedEdges.add(edgeId);
    }
  }

  private step(nodeId: string, stepIndex: number, outcome: string, sagaId: string): void {
    const node = this.node(nodeId);
    node.steps ??= new Map();
    let step = node.steps.get(stepIndex);
    if (!step) node.steps.set(stepIndex, (step = { completed: new Set(), failed: new Set(), compensated: new Set(), compensationFailed: new Set() }));
    if (outcome === "completed") {
      // A retriable step's command replayed from the DLQ went through: that instance's step is done now.
      step.failed.delete(sagaId);
      step.completed.add(sagaId);
    }
    else if (outcome === "failed") step.failed.add(sagaId);
    else if (outcome === "compensated") {
      // A compensation replayed from the DLQ went through: that instance's step is compensated now.
      step.compensationFailed.delete(sagaId);
      step.compensated.add(sagaId);
    } else if (outcome === "compensation-failed") step.compensationFailed.add(sagaId);
  }

  private sagaEnd(nodeId: string, outcome: string, sagaId: string): void {
    const node = this.node(nodeId);
    node.sagas ??= { completed: new Set(), compensated: new Set(), failed: new Set() };
    if (outcome !== "completed" && outcome !== "compensated" && outcome !== "failed") return;
    // How an instance ended last: a failed saga reopened by a replayed compensation ends again.
    for (const set of Object.values(node.sagas)) set.delete(sagaId);
    node.sagas[outcome].add(sagaId);
  }

  private node(nodeId: string): NodeSets {
    let node = this.nodes.get(nodeId);
    if (!node) this.nodes.set(nodeId, (node = { received: new Set(), handled: new Set(), failed: 0, retried: 0, deadLettered: new Set() }));
    return node;
  }

  /** The counts of one sticky, or undefined when nothing happened there. */
  nodeCounts(nodeId: string): NodeCounts | undefined {
    const node = this.nodes.get(nodeId);
    return node ? countsOf(node) : undefined;
  }

  /** The distinct messages that crossed an edge, or undefined when none did. */
  edgeMessages(edgeId: string): number | undefined {
    return this.edges.get(edgeId)?.size;
  }

  /** The stickies and edges that changed since the last call. */
  takeChanged(): { nodes: string[]; edges: string[] } {
    const changed = { nodes: [...this.changedNodes], edges: [...this.changedEdges] };
    this.changedNodes = new Set();
    this.changedEdges = new Set();
    return changed;
  }

  /** The whole graph as JSON-safe counts, ids in the order they first counted. */
  snapshot(): RunGraph {
    const nodes: Record<string, NodeCounts> = {};
    for (const [id, node] of this.nodes) nodes[id] = countsOf(node);
    const edges: Record<string, { messages: number }> = {};
    for (const [id, set] of this.edges) edges[id] = { messages: set.size };
    return { nodes, edges };
  }
}

/** Folds spans into a graph in one go. */
export function runGraphOf(spans: Iterable<SpanLike>): RunGraph {
  const fold = new RunGraphFold();
  fold.apply(spans);
  return fold.snapshot();
}

/** Sums over the stickies: what the summary's `events.retried` and `events.deadLettered` must equal. */
export function graphTotals(graph: RunGraph): { retried: number; deadLettered: number } {
  let retried = 0;
  let deadLettered = 0;
  for (const node of Object.values(graph.nodes)) {
    retried += node.retried;
    deadLettered += node.deadLettered;
  }
  return { retried, deadLettered };
}

function countsOf(node: NodeSets): NodeCounts {
  const steps: Record<number, StepCounts> = {};
  for (const [index, step] of node.steps ?? []) {
    steps[index] = { completed: step.completed.size, failed: step.failed.size, compensated: step.compensated.size, compensationFailed: step.compensationFailed.size };
  }
  return {
    received: node.received.size,
    handled: node.handled.size,
    failed: node.failed,
    retried: node.retried,
    deadLettered: node.deadLettered.size,
    ...(node.sagas ? { sagas: { completed: node.sagas.completed.size, compensated: node.sagas.compensated.size, failed: node.sagas.failed.size } } : {}),
    ...(node.steps ? { steps } : {}),
  };
}
