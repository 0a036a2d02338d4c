import type { MergedStickies, StickyRef } from "./analysisTypes";
import { checkNodeConnection } from "./grammar";
import type { NodeKind } from "./kinds";
import { nameKey } from "./names";
import type { Board, BoardNode, NodeOfKind } from "./schema";

/*
 * The board as the analysis (analyze.ts) sees it: stickies merged by kind and name, and only the
 * edges the grammar allows. Kept apart from the analysis so the derivations there read as plain
 * queries ("the commands entering these stickies") over this small graph, and the few list
 * helpers every derivation uses live in one place.
 */

export type AnalysedKind = Exclude<NodeKind, "hotspot">;

/** Same-kind, same-name stickies, in board order. */
export interface Group<K extends AnalysedKind = AnalysedKind> {
  readonly key: string;
  readonly name: string;
  readonly nodes: NodeOfKind<K>[];
}

/**
 * The board as a graph of merged stickies and grammar-valid edges, with the few queries the
 * analysis needs.
 */
export class FlowGraph {
  private readonly byId = new Map<string, BoardNode>();
  private readonly groupOf = new Map<string, Group>();
  private readonly groupList: Group[] = [];
  private readonly outgoing = new Map<string, BoardNode[]>();
  private readonly incoming = new Map<string, BoardNode[]>();

  constructor(board: Board) {
    const byKey = new Map<string, Group>();
    for (const node of board.nodes) {
      this.byId.set(node.id, node);
      if (node.kind === "hotspot") continue;
      const key = nameKey(node.name);
      let group = byKey.get(`${node.kind}:${key}`);
      if (!group) {
        group = { key, name: node.name.trim(), nodes: [] };
        byKey.set(`${node.kind}:${key}`, group);
        this.groupList.push(group);
      }
      (group.nodes as BoardNode[]).push(node);
      this.groupOf.set(node.id, group);
    }
    for (const edge of board.edges) {
      const source = this.byId.get(edge.source);
      const target = this.byId.get(edge.target);
      if (!source || !target || source.kind === "hotspot" || target.kind === "hotspot") continue;
      if (!checkNodeConnection(source, target).ok) continue;
      push(this.outgoing, source.id, target);
      push(this.incoming, target.id, source);
    }
  }

  /** The merged stickies of one kind, in board order. */
  groups<K extends AnalysedKind>(kind: K): Group<K>[] {
    // Every sticky of a group has the group's kind, so the narrowing is sound.
    return this.groupList.filter((group) => first(group.nodes).kind === kind) as unknown as Group<K>[];
  }

  node(id: string): BoardNode {
    const node = this.byId.get(id);
    if (!node) throw new Error(`analyzeBoard: unknown node ${id}`);
    return node;
  }

  /** The sticky with this id, if the board has one (a saga step may name a deleted sticky). */
  maybeNode(id: string): BoardNode | undefined {
    return this.byId.get(id);
  }

  /** The stickies merged with this one (same kind and name), in board order. */
  groupNodes(id: string): readonly BoardNode[] {
    return this.groupOf.get(id)?.nodes ?? [];
  }

  /** Stickies of `kinds` one valid edge away from any of `nodes`, unique, in order. */
  related<K extends AnalysedKind>(
    nodes: readonly BoardNode[],
    direction: "in" | "out",
    kinds: readonly K[],
  ): StickyRef<K>[] {
    const edges = direction === "in" ? this.incoming : this.outgoing;
    const seen = new Set<string>();
    const refs: StickyRef<K>[] = [];
    for (const node of nodes) {
      for (const other of edges.get(node.id) ?? []) {
        if (seen.has(other.id) || !(kinds as readonly NodeKind[]).includes(other.kind)) continue;
        seen.add(other.id);
        refs.push({ kind: other.kind as K, name: this.nameOf(other), nodeId: other.id });
      }
    }
    return refs;
  }

  /** The merged names of {@link related} stickies, unique. */
  relatedNames(
    nodes: readonly BoardNode[],
    direction: "in" | "out",
    kinds: readonly AnalysedKind[],
  ): string[] {
    return unique(this.related(nodes, direction, kinds).map((ref) => ref.name));
  }

  /** The merged name of a sticky's group. */
  nameOf(node: BoardNode): string {
    return this.groupOf.get(node.id)?.name ?? node.name.trim();
  }
}

/** What every entry of the analysis starts with: the group's key, name and sticky ids. */
export function mergedStickies(group: { readonly key: string; readonly name: string; readonly nodes: readonly BoardNode[] }): MergedStickies {
  return { key: group.key, name: group.name, nodeIds: group.nodes.map((node) => node.id) };
}

/** `compute`, called once per sticky id; later calls with the same sticky return the first result. */
export function memoById<R extends StickyRef, T>(compute: (ref: R) => T): (ref: R) => T {
  const results = new Map<string, T>();
  return (ref) => {
    let result = results.get(ref.nodeId);
    if (result === undefined) results.set(ref.nodeId, (result = compute(ref)));
    return result;
  };
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A group always has at least one sticky. */
export function first<T>(list: readonly T[]): T {
  const [head] = list;
  if (head === undefined) throw new Error("analyzeBoard: empty group");
  return head;
}

/** The first sticky that sets `key`, or the first sticky (whose value is then undefined). */
export function firstSet<N extends BoardNode, K extends keyof N>(nodes: readonly N[], key: K): N {
  return nodes.find((node) => node[key] !== undefined) ?? first(nodes);
}

export function firstDescription(nodes: readonly BoardNode[]): string | null {
  return nodes.find((node) => node.description?.trim())?.description ?? null;
}
