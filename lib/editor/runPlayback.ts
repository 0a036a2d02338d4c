import { RunGraphFold, type NodeCounts, type TraceItem } from "../contracts/runs";

/** What the canvas shows of a run on one sticky: the server's counts for it, and what makes it pulse. */
export interface NodeActivity {
  /** `{received, handled, failed, retried, deadLettered}` (and a saga's steps): the runs API's `graph.nodes[id]`. */
  readonly counts: NodeCounts;
  /** The seq of the latest span on the sticky: a change makes it pulse. */
  readonly lastSeq: number;
  /** The latest error there, for the badge's tooltip. */
  readonly lastError: string | null;
}

/** What the canvas shows of a run on one edge: distinct messages that crossed it (`graph.edges[id]`). */
export interface EdgeActivity {
  readonly messages: number;
  readonly lastSeq: number;
}

/**
 * Folds a run's spans, as they stream in, into per-sticky and per-edge activity with the
 * simulator's own fold (lib/sim/trace/graph.ts), so the canvas shows exactly what the runs API
 * reports: the same function over the same spans. Every span counts on its own (its sticky,
 * edge and message are in its attributes), so a span whose parent arrives later is never
 * dropped. Maps are replaced only for what changed, so React re-renders only the stickies and
 * edges a batch touched.
 */
export class RunPlayback {
  nodes: ReadonlyMap<string, NodeActivity> = new Map();
  edges: ReadonlyMap<string, EdgeActivity> = new Map();
  private readonly fold = new RunGraphFold();

  apply(items: readonly TraceItem[]): void {
    if (items.length === 0) return;
    this.fold.apply(items);
    const lastSeq = new Map<string, number>();
    const lastError = new Map<string, string>();
    const edgeSeq = new Map<string, number>();
    for (const span of items) {
      const nodeId = typeof span.attributes.nodeId === "string" && span.attributes.nodeId ? span.attributes.nodeId : null;
      if (nodeId) {
        lastSeq.set(nodeId, span.seq);
        if (span.status === "error") lastError.set(nodeId, typeof span.attributes.error === "string" ? span.attributes.error : span.name);
      }
      if (typeof span.attributes.edgeId === "string" && span.attributes.edgeId) edgeSeq.set(span.attributes.edgeId, span.seq);
    }
    const changed = this.fold.takeChanged();
    if (changed.nodes.length > 0) {
      const nodes = new Map(this.nodes);
      for (const id of changed.nodes) {
        const counts = this.fold.nodeCounts(id);
        if (!counts) continue;
        const previous = nodes.get(id);
        nodes.set(id, { counts, lastSeq: lastSeq.get(id) ?? previous?.lastSeq ?? 0, lastError: lastError.get(id) ?? previous?.lastError ?? null });
      }
      this.nodes = nodes;
    }
    if (changed.edges.length > 0) {
      const edges = new Map(this.edges);
      for (const id of changed.edges) {
        const messages = this.fold.edgeMessages(id);
        if (messages !== undefined) edges.set(id, { messages, lastSeq: edgeSeq.get(id) ?? edges.get(id)?.lastSeq ?? 0 });
      }
      this.edges = edges;
    }
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
