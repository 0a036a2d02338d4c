import { BOARD_FORMAT, CURRENT_SCHEMA_VERSION, type Board, type BoardNode, type Edge } from "../../lib/model/schema";

/**
 * A synthetic board of `chains` × (command → aggregate → event → service, read model) stickies:
 * 100 chains give 500 stickies and 400 edges, plus one cross edge from each event to the next
 * chain's service and read model (200 more): 600 edges, every one within the grammar.
 */
export function bigBoard(chains = 100): Board {
  const nodes: BoardNode[] = [];
  const edges: Edge[] = [];
  for (let i = 0; i < chains; i++) {
    const row = (i % 25) * 160;
    const col = Math.floor(i / 25) * 1300;
    const p = (dx: number, dy = 0) => ({ x: col + dx, y: row + dy });
    nodes.push(
      { id: `cmd-${i}`, kind: "command", name: `DoThing${i}`, position: p(0), payload: [{ name: "thingId", type: "uuid" }] },
      { id: `agg-${i}`, kind: "aggregate", name: `Thing${i % 10}`, position: p(240) },
      { id: `evt-${i}`, kind: "event", name: `Thing${i}Done`, position: p(480), payload: [{ name: "thingId", type: "uuid" }, { name: "at", type: "datetime" }] },
      { id: `svc-${i}`, kind: "service", name: `Service${i}`, action: "Notify", position: p(760, -40) },
      { id: `rm-${i}`, kind: "readModel", name: `View${i}`, position: p(760, 60), fields: [{ name: "id", type: "uuid" }] },
    );
    edges.push(
      { id: `e-${i}-1`, source: `cmd-${i}`, target: `agg-${i}` },
      { id: `e-${i}-2`, source: `agg-${i}`, target: `evt-${i}` },
      { id: `e-${i}-3`, source: `evt-${i}`, target: `svc-${i}` },
      { id: `e-${i}-4`, source: `evt-${i}`, target: `rm-${i}` },
    );
  }
  for (let i = 0; i < chains; i++) {
    const next = (i + 1) % chains;
    edges.push({ id: `x-${i}-svc`, source: `evt-${i}`, target: `svc-${next}` }, { id: `x-${i}-rm`, source: `evt-${i}`, target: `rm-${next}` });
  }
  return { format: BOARD_FORMAT, schemaVersion: CURRENT_SCHEMA_VERSION, name: "Benchmark board", nodes, edges };
}
