import { boundedContexts } from "../model/boundedContexts";
import { sagaStepEdges } from "../model/sagaEdges";
import { checkNodeConnection } from "../model/grammar";
import { KIND_META, NODE_KINDS, type NodeKind } from "../model/kinds";
import { nameKey } from "../model/names";
import type { Board, BoardNode } from "../model/schema";
import { contextOf, type GenerateContext } from "./context";
import { mermaidText, oneLine } from "./escape";

/*
 * The `mermaid` format: a `flowchart LR` of the board. Same-kind, same-name stickies are one node
 * (as everywhere in the generators); hotspots and edges outside the grammar are left out. Node
 * ids are `n1`, `n2` … in board order, never derived from names (Mermaid reads ids such as `end`
 * or `o…` after an arrow as syntax). Labels are quoted and escaped (escape.ts `mermaidText`).
 * A board with frames draws each bounded context as a `subgraph` (`c1`, `c2` … in context order)
 * holding the stickies whose first sticky is in it (none for a context with nothing drawn) (lib/model/boundedContexts.ts); stickies
 * outside every frame come first, outside any subgraph.
 */

type DrawnKind = Exclude<NodeKind, "hotspot">;

/** The shape of each kind: `[open, close]` around the quoted label. */
const SHAPES: Readonly<Record<DrawnKind, readonly [string, string]>> = {
  actor: ["([", "])"],
  command: ["[", "]"],
  aggregate: ["[[", "]]"],
  event: ["[", "]"],
  policy: ["{{", "}}"],
  readModel: ["[(", ")]"],
  service: ["[", "]"],
  externalSystem: ["[/", "/]"],
  saga: [">", "]"],
};

/** The border of each kind, a darker shade of its sticky colour (KIND_META's fill). */
const STROKES: Readonly<Record<DrawnKind, string>> = {
  event: "#E8590C",
  command: "#1C7ED6",
  aggregate: "#F08C00",
  policy: "#7048E8",
  readModel: "#5C940D",
  service: "#1098AD",
  externalSystem: "#D6336C",
  actor: "#F59F00",
  saga: "#7048E8",
};

/** In palette order, as kinds.ts asks of generated documents. */
const DRAWN_KINDS = NODE_KINDS.filter((kind): kind is DrawnKind => kind !== "hotspot");

/**
 * A Mermaid `flowchart LR` of `board` with the event-storming colours as `classDef`s (one per
 * kind), one node per merged sticky (a saga lists its steps: `1. InventoryService:
 * ReserveInventory (undo: ReleaseInventory)`) and one arrow per distinct connection, labelled
 * with the edge's label; else, from a saga to a participant, the steps it performs there
 * (`steps 1, 3`); else, into a service, the service's action.
 */
export function mermaid(board: Board): string {
  return mermaidFromContext(contextOf(board));
}

/** {@link mermaid} of an analysed board (the board, and its sagas' resolved steps). */
export function mermaidFromContext(context: Pick<GenerateContext, "board" | "analysis">): string {
  const { board } = context;
  const sagas = new Map(context.analysis.sagas.map((saga) => [saga.key, saga]));
  const lines = ["flowchart LR"];
  for (const kind of DRAWN_KINDS) {
    const extra = kind === "saga" ? ",stroke-dasharray:6 3" : "";
    lines.push(`  classDef ${kind} fill:${KIND_META[kind].fill},stroke:${STROKES[kind]},color:#212529${extra}`);
  }

  /** Node id of each merged sticky, by `kind:nameKey`, numbered in board order. */
  const nodeIds = new Map<string, string>();
  const contexts = boundedContexts(board);
  /** Declarations outside any context (key ""), then per context key, in board order. */
  const declared = new Map<string, string[]>([["", []], ...contexts.contexts.map((c) => [c.key, []] as [string, string[]])]);
  const groupKeys = new Map(board.nodes.map((node) => [node.id, `${node.kind}:${nameKey(node.name)}`]));
  const groupOf = (node: BoardNode) => groupKeys.get(node.id) ?? "";
  for (const node of board.nodes) {
    if (node.kind === "hotspot" || nodeIds.has(groupOf(node))) continue;
    const id = `n${nodeIds.size + 1}`;
    nodeIds.set(groupOf(node), id);
    const [open, close] = SHAPES[node.kind];
    const label = [mermaidText(node.name)];
    // A merged saga's steps are its first sticky's, resolved by lib/model/analyze.ts.
    if (node.kind === "saga") {
      for (const step of sagas.get(nameKey(node.name))?.steps ?? []) {
        const undo = step.compensation ? ` (undo: ${mermaidText(step.compensation.name)})` : "";
        const participant = step.participant ? `${mermaidText(step.participant.name)}: ` : "";
        label.push(`${step.index + 1}. ${participant}${mermaidText(step.action.name)}${undo}`);
      }
    }
    declared.get(contexts.contextOf(node.id)?.key ?? "")!.push(`${id}${open}"${label.join("<br/>")}"${close}:::${node.kind}`);
  }
  lines.push(...declared.get("")!.map((line) => `  ${line}`));
  // A context with nothing drawn in it (an empty frame, a frame of hotspots) gets no subgraph.
  const filled = contexts.contexts.filter((context) => declared.get(context.key)!.length > 0);
  filled.forEach((context, index) => {
    lines.push(`  subgraph c${index + 1}["${mermaidText(oneLine(context.name))}"]`, ...declared.get(context.key)!.map((line) => `    ${line}`), "  end");
  });

  const byId = new Map(board.nodes.map((node) => [node.id, node]));
  const stepEdges = sagaStepEdges(board);
  // Arrows between two merged stickies: each distinct label once; an unlabelled one only when
  // no labelled arrow joins the pair (a saga's second arrow to a merged participant carries no step).
  const pairs = new Map<string, { from: string; to: string; texts: string[] }>();
  for (const edge of board.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target || source.kind === "hotspot" || target.kind === "hotspot") continue;
    if (!checkNodeConnection(source, target).ok) continue;
    const from = nodeIds.get(groupOf(source));
    const to = nodeIds.get(groupOf(target));
    if (!from || !to || from === to) continue;
    const text = edge.label?.trim() || (source.kind === "saga" ? stepsLabel(stepEdges.ofEdge.get(edge.id)) : target.kind === "service" ? target.action.trim() : "");
    const key = `${from}>${to}`;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { from, to, texts: [] }));
    if (!pair.texts.includes(text)) pair.texts.push(text);
  }
  for (const { from, to, texts } of pairs.values()) {
    const labelled = texts.filter((text) => text !== "");
    for (const text of labelled.length > 0 ? labelled : [""]) {
      lines.push(text ? `  ${from} -->|"${mermaidText(oneLine(text))}"| ${to}` : `  ${from} --> ${to}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** `step 2` or `steps 1, 3`: the saga steps an arrow carries (lib/model/sagaEdges.ts); empty when none. */
function stepsLabel(numbers: readonly number[] | undefined): string {
  if (!numbers || numbers.length === 0) return "";
  return `${numbers.length === 1 ? "step" : "steps"} ${numbers.join(", ")}`;
}
