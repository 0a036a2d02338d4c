import type { Board } from "../model/schema";
import type { TraceItem } from "../sim/ports/trace";

/** What the canvas shows of a run on one sticky. */
export interface NodeActivity {
  /** Spans that touched the sticky. */
  handled: number;
  /** Of those, spans that ended in error. */
  errors: number;
  /** The seq of the latest span: a change makes the sticky pulse. */
  lastSeq: number;
  lastError: string | null;
  /** Sagas: step indexes in the order they were compensated (reverse of completion). */
  compensated: number[];
  /** Sagas: step indexes that completed in the latest instance to report one. */
  completedSteps: number[];
}

/** What the canvas shows of a run on one edge: messages that crossed it. */
export interface EdgeActivity {
  count: number;
  lastSeq: number;
}

/**
 * Folds a run's spans (in seq order) into per-sticky and per-edge activity. An edge counts a
 * message when a span on its target was caused by a span on its source: the causal chain of the
 * trace drawn onto the board, whatever the board is. Maps are replaced only for what changed, so
 * React re-renders only the stickies and edges a batch touched.
 */
export class RunPlayback {
  nodes: ReadonlyMap<string, NodeActivity> = new Map();
  edges: ReadonlyMap<string, EdgeActivity> = new Map();
  /** Every span seen: its sticky (if any) and its parent, to find the sticky that caused it. */
  private readonly spans = new Map<string, { nodeId: string | null; parent: string | null }>();
  private readonly edgeByPair: Map<string, string>;

  constructor(board: Board) {
    this.edgeByPair = new Map(board.edges.map((e) => [`${e.source}→${e.target}`, e.id]));
  }

  apply(items: readonly TraceItem[]): void {
    if (items.length === 0) return;
    const nodes = new Map(this.nodes);
    const edges = new Map(this.edges);
    for (const span of items) {
      const nodeId = typeof span.attributes.nodeId === "string" && span.attributes.nodeId ? span.attributes.nodeId : null;
      this.spans.set(span.spanId, { nodeId, parent: span.parentSpanId });
      if (!nodeId) continue;
      const prev = nodes.get(nodeId) ?? { handled: 0, errors: 0, lastSeq: 0, lastError: null, compensated: [], completedSteps: [] };
      const next: NodeActivity = { ...prev, handled: prev.handled + 1, lastSeq: span.seq };
      if (span.status === "error") {
        next.errors = prev.errors + 1;
        next.lastError = typeof span.attributes.error === "string" ? span.attributes.error : span.name;
      }
      const step = typeof span.attributes.stepIndex === "number" ? span.attributes.stepIndex : null;
      if (step !== null && span.kind === "compensation" && span.status === "ok") next.compensated = [...prev.compensated, step];
      if (step !== null && span.kind === "saga-step") {
        if (step === 0) next.compensated = [];
        next.completedSteps = span.status === "ok" ? [...(step === 0 ? [] : prev.completedSteps), step] : prev.completedSteps;
      }
      nodes.set(nodeId, next);

      const parentNode = this.causeNode(span.parentSpanId, nodeId);
      if (parentNode) {
        const edgeId = this.edgeByPair.get(`${parentNode}→${nodeId}`);
        if (edgeId) {
          const e = edges.get(edgeId);
          edges.set(edgeId, { count: (e?.count ?? 0) + 1, lastSeq: span.seq });
        }
      }
    }
    this.nodes = nodes;
    this.edges = edges;
  }

  /**
   * The nearest ancestor's sticky other than `own`: spans on no sticky (a delivery, a publish of
   * a merged event) or on the same sticky (a retry) sit between a cause and its effect.
   */
  private causeNode(parentSpanId: string | null, own: string): string | null {
    let at = parentSpanId;
    for (let depth = 0; at && depth < 16; depth++) {
      const span = this.spans.get(at);
      if (!span) return null;
      if (span.nodeId && span.nodeId !== own) return span.nodeId;
      at = span.parent;
    }
    return null;
  }
}

/** The spans from `span` up to its root cause (itself first), from what has been received. */
export function causalChain(span: TraceItem, bySpanId: ReadonlyMap<string, TraceItem>): TraceItem[] {
  const chain: TraceItem[] = [];
  const seen = new Set<string>();
  let at: TraceItem | undefined = span;
  while (at && !seen.has(at.spanId)) {
    chain.push(at);
    seen.add(at.spanId);
    at = at.parentSpanId ? bySpanId.get(at.parentSpanId) : undefined;
  }
  return chain;
}
