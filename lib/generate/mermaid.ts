import { checkNodeConnection } from "../model/grammar";
import { KIND_META, NODE_KINDS, type NodeKind } from "../model/kinds";
import { nameKey } from "../model/names";
import type { Board, BoardNode } from "../model/schema";
import type { GenerateContext } from "./context";
import { mermaidText, oneLine } from "./escape";

/*
 * The `mermaid` format: a `flowchart LR` of the board. Same-kind, same-name stickies are one node
 * (as everywhere in the generators); hotspots and edges outside the grammar are left out. Node
 * ids are `n1`, `n2` … in board order, never derived from names (Mermaid reads ids such as `end`
 * or `o…` after an arrow as syntax). Labels are quoted and escaped (escape.ts `mermaidText`).
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
 * kind), one node per merged sticky (a saga lists its steps) and one arrow per distinct
 * connection, labelled with the edge's label or, into a service, the service's action.
 */
export function mermaid(board: Board): string {
  return mermaidFromContext({ board });
}

/** {@link mermaid} of an analysed board (it needs the board only). */
export function mermaidFromContext({ board }: Pick<GenerateContext, "board">): string {
  const lines = ["flowchart LR"];
  for (const kind of DRAWN_KINDS) {
    const extra = kind === "saga" ? ",stroke-dasharray:6 3" : "";
    lines.push(`  classDef ${kind} fill:${KIND_META[kind].fill},stroke:${STROKES[kind]},color:#212529${extra}`);
  }

  /** Node id of each merged sticky, by `kind:nameKey`, numbered in board order. */
  const nodeIds = new Map<string, string>();
  const groupKeys = new Map(board.nodes.map((node) => [node.id, `${node.kind}:${nameKey(node.name)}`]));
  const groupOf = (node: BoardNode) => groupKeys.get(node.id) ?? "";
  for (const node of board.nodes) {
    if (node.kind === "hotspot" || nodeIds.has(groupOf(node))) continue;
    const id = `n${nodeIds.size + 1}`;
    nodeIds.set(groupOf(node), id);
    const [open, close] = SHAPES[node.kind];
    const label = [mermaidText(node.name)];
    // The first sticky of a merged saga carries its steps (as in lib/model/analyze.ts).
    if (node.kind === "saga") {
      node.steps.forEach((step, index) => {
        const undo = step.compensation?.trim() ? ` (undo: ${mermaidText(step.compensation)})` : "";
        label.push(`${index + 1}. ${mermaidText(step.service)}: ${mermaidText(step.action)}${undo}`);
      });
    }
    lines.push(`  ${id}${open}"${label.join("<br/>")}"${close}:::${node.kind}`);
  }

  const byId = new Map(board.nodes.map((node) => [node.id, node]));
  const drawn = new Set<string>();
  for (const edge of board.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target || source.kind === "hotspot" || target.kind === "hotspot") continue;
    if (!checkNodeConnection(source, target).ok) continue;
    const from = nodeIds.get(groupOf(source));
    const to = nodeIds.get(groupOf(target));
    if (!from || !to || from === to) continue;
    const text = edge.label?.trim() || (target.kind === "service" ? target.action.trim() : "");
    const arrow = text ? `-->|"${mermaidText(oneLine(text))}"|` : "-->";
    const line = `  ${from} ${arrow} ${to}`;
    if (drawn.has(line)) continue;
    drawn.add(line);
    lines.push(line);
  }
  return lines.join("\n") + "\n";
}
