/**
 * Generator benchmark (issue 4): a synthetic board of 1,000 events, 300 commands, 200 consumers
 * and 20 sagas, built deterministically; every format is timed after a warm-up, as the median of
 * several runs. Target: all six formats together under 250 ms.
 *
 *   npx tsx bench/generate.ts
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { exportFiles } from "../lib/generate/exportAll";
import { FORMAT_LIST } from "../lib/generate/formats";
import { boundedContexts } from "../lib/model/boundedContexts";
import { parseBoard } from "../lib/model/parse";
import { BOARD_FORMAT, CURRENT_SCHEMA_VERSION, type Board, type BoardNode, type Edge, type Field, type SagaStep } from "../lib/model/schema";

export const GENERATE_TARGET_MS = 250;
/** Distinct aggregates: each is drawn once per command it handles, as event storming does. */
const AGGREGATES = 50;
const WARMUP_RUNS = 3;
const MEASURED_RUNS = 9;

export interface GenerateBenchRow {
  /** A format id, or `total` (all six formats from one analysis, as Download all does). */
  readonly name: string;
  /** Median wall-clock time. */
  readonly medianMs: number;
  /** Median CPU time of this process: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly bytes: number;
  readonly target?: string;
}

export interface GenerateBenchShape {
  readonly events: number;
  readonly commands: number;
  readonly consumers: number;
  readonly sagas: number;
}

export const BENCH_SHAPE: GenerateBenchShape = { events: 1000, commands: 300, consumers: 200, sagas: 20 };

/** Times every format on the synthetic board; the last row is the total. */
export function runGenerateBench(shape: GenerateBenchShape = BENCH_SHAPE): GenerateBenchRow[] {
  const board = syntheticBoard(shape);
  const rows: GenerateBenchRow[] = FORMAT_LIST.map((format) => {
    let bytes = 0;
    const { wall, cpu } = time(() => (bytes = format.generate(board).length));
    return { name: format.id, medianMs: round(median(wall)), cpuMs: round(median(cpu)), bytes };
  });
  // "All six together" is what Download all and `--format all` do: one analysis, six outputs.
  const { wall, cpu } = time(() => exportFiles(board));
  rows.push({
    name: "total",
    medianMs: round(median(wall)),
    cpuMs: round(median(cpu)),
    bytes: rows.reduce((sum, row) => sum + row.bytes, 0),
    target: `< ${GENERATE_TARGET_MS} ms`,
  });
  // Bounded contexts: the same board drawn in 50 frames, beside the total without them (the row above).
  const framed = withFrames(board, 50);
  let framedBytes = 0;
  const withContexts = time(() => (framedBytes = exportFiles(framed).reduce((sum, file) => sum + file.content.length, 0)));
  rows.push({ name: "total, 50 frames", medianMs: round(median(withContexts.wall)), cpuMs: round(median(withContexts.cpu)), bytes: framedBytes, target: "≈ total" });
  const contexts = time(() => boundedContexts(framed));
  rows.push({ name: "boundedContexts alone", medianMs: round(median(contexts.wall)), cpuMs: round(median(contexts.cpu)), bytes: 0 });
  return rows;
}

/** `board` with `count` frames in a grid over its stickies' extent, every sticky in one. */
function withFrames(board: Board, count: number): Board {
  const xs = board.nodes.map((n) => n.position.x);
  const ys = board.nodes.map((n) => n.position.y);
  const [minX, minY] = [Math.min(...xs) - 50, Math.min(...ys) - 50];
  const [width, height] = [Math.max(...xs) - minX + 300, Math.max(...ys) - minY + 200];
  const columns = 10;
  const rows = Math.ceil(count / columns);
  const frames = Array.from({ length: count }, (_, i) => ({
    id: `frame-${i}`,
    name: `Context ${i}`,
    position: { x: minX + (i % columns) * (width / columns), y: minY + Math.floor(i / columns) * (height / rows) },
    size: { width: width / columns, height: height / rows },
  }));
  return parseBoard({ ...board, frames });
}

function time(run: () => void): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < WARMUP_RUNS; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * A board shaped like a large real one: every command enters its own aggregate sticky (50
 * aggregates, drawn many times) which emits three events; the remaining events come from the
 * sagas (success and failure) and from services; topics are the defaults (one per aggregate,
 * saga or service); consumers (60% services, 20% policies, 20% read models) each consume eight
 * events, four from each of two aggregates; policies issue commands; sagas have five steps
 * (three compensable, the pivot, one retriable), each performed by a service consumer.
 */
export function syntheticBoard(shape: GenerateBenchShape): Board {
  const nodes: BoardNode[] = [];
  const edges: Edge[] = [];
  const at = (i: number) => ({ x: (i % 40) * 220, y: Math.floor(i / 40) * 140 });
  const edge = (source: string, target: string) => edges.push({ id: `e${edges.length}`, source, target });
  const payload = (i: number): Field[] => [
    { name: "id", type: "uuid" },
    { name: `amount${i % 7}`, type: "number" },
    { name: "note", type: "string", required: false, description: `Note ${i}` },
    { name: "lines", type: "array", items: { type: "object", fields: [{ name: "sku", type: "string" }, { name: "qty", type: "integer" }] } },
    { name: "at", type: "datetime" },
  ];

  const actors = Array.from({ length: 10 }, (_, i) => `actor${i}`);
  actors.forEach((id, i) => nodes.push({ id, kind: "actor", name: `Actor ${i}`, position: at(nodes.length) }));

  const events: string[] = [];
  const addEvent = (i: number, extra: Partial<Extract<BoardNode, { kind: "event" }>> = {}) => {
    const id = `evt${i}`;
    nodes.push({ id, kind: "event", name: `Thing ${i} Happened`, description: `Event ${i} | with a pipe`, position: at(nodes.length), payload: payload(i), ...extra });
    events.push(id);
    return id;
  };

  const commandIds: string[] = [];
  /** Events of the commands entering aggregate `a` (commands c with c % 50 === a). */
  const eventsOfAggregate = (a: number) => commandIds.filter((_, c) => c % AGGREGATES === a).flatMap((_, i) => {
    const c = a + i * AGGREGATES;
    return Array.from({ length: perCommand }, (_, k) => `evt${c * perCommand + k}`);
  });
  const relatedEvents = (k: number) => {
    const first = eventsOfAggregate(k % AGGREGATES);
    const second = eventsOfAggregate((k * 7 + 3) % AGGREGATES);
    return [...first.slice((k * 3) % Math.max(1, first.length - 4)).slice(0, 4), ...second.slice(0, 4)];
  };
  const sagaEvents = shape.sagas * 2;
  const serviceEvents = Math.max(0, shape.events - sagaEvents - shape.commands * 3);
  const perCommand = Math.floor((shape.events - sagaEvents - serviceEvents) / shape.commands);
  let eventIndex = 0;
  for (let c = 0; c < shape.commands; c++) {
    const id = `cmd${c}`;
    commandIds.push(id);
    nodes.push({ id, kind: "command", name: `Do Thing ${c}`, position: at(nodes.length), payload: payload(c) });
    const aggregate = `agg${c}`;
    nodes.push({ id: aggregate, kind: "aggregate", name: `Aggregate ${c % AGGREGATES}`, position: at(nodes.length) });
    edge(id, aggregate);
    for (let k = 0; k < perCommand; k++) edge(aggregate, addEvent(eventIndex++));
  }

  for (let s = 0; s < shape.sagas; s++) {
    const id = `saga${s}`;
    // Participants are service consumers (`con<k>` with k a multiple of 5 is a service, below).
    const participants = Array.from({ length: 5 }, (_, k) => `con${((s + k) * 5) % shape.consumers}`);
    const steps = participants.map((participant, k): SagaStep => {
      const action = `Saga ${s} Step ${k}`;
      const message = (name: string) => ({ name, payload: [{ name: "id", type: "uuid" as const }, { name: `amount${k}`, type: "number" as const }] });
      return {
        id: `s${k}`,
        // Three compensable steps, the pivot, then a retriable step.
        type: k < 3 ? "compensable" : k === 3 ? "pivot" : "retriable",
        participant,
        action: message(action),
        replies: { success: message(`${action} Done`), ...(k < 4 ? { failure: message(`${action} Failed`) } : {}) },
        ...(k < 3 ? { compensation: { ...message(`Undo ${action}`), reply: message(`${action} Undone`) } } : {}),
      };
    });
    nodes.push({ id, kind: "saga", name: `Saga ${s}`, position: at(nodes.length), steps });
    edge(commandIds[(s * 13) % commandIds.length] ?? "cmd0", id);
    edge(id, addEvent(eventIndex++));
    edge(id, addEvent(eventIndex++, { outcome: "failure" }));
    for (const participant of new Set(participants)) edge(id, participant);
  }

  const consumerKinds = ["service", "service", "service", "policy", "readModel"] as const;
  const services: string[] = [];
  for (let k = 0; k < shape.consumers; k++) {
    const kind = consumerKinds[k % consumerKinds.length] ?? "service";
    const id = `con${k}`;
    const name = `${kind} ${k}`;
    if (kind === "service") {
      nodes.push({ id, kind, name, position: at(nodes.length), action: `Handle case ${k}`, consistency: k % 10 === 0 ? "strong" : "eventual" });
      services.push(id);
    } else if (kind === "policy") {
      nodes.push({ id, kind, name, position: at(nodes.length) });
      edge(id, commandIds[(k * 7) % commandIds.length] ?? "cmd0");
    } else {
      nodes.push({ id, kind, name, position: at(nodes.length), fields: payload(k) });
      edge(id, actors[k % actors.length] ?? "actor0");
    }
    // Like a real consumer, each subscribes to a few related events: eight, from two aggregates.
    for (const event of relatedEvents(k)) edge(event, id);
  }
  for (let i = 0; i < serviceEvents; i++) edge(services[i % services.length] ?? "con0", addEvent(eventIndex++));

  commandIds.forEach((id, c) => {
    if (c % 8 !== 0) edge(actors[c % actors.length] ?? "actor0", id);
  });

  return parseBoard({ format: BOARD_FORMAT, schemaVersion: CURRENT_SCHEMA_VERSION, name: "Generator benchmark", nodes, edges });
}

/** The rows as a table, with the total against the target. */
export function formatGenerateBench(rows: readonly GenerateBenchRow[]): string {
  const lines = [
    `Generators: ${BENCH_SHAPE.events} events, ${BENCH_SHAPE.commands} commands, ${BENCH_SHAPE.consumers} consumers, ${BENCH_SHAPE.sagas} sagas (median of ${MEASURED_RUNS} runs after ${WARMUP_RUNS} warm-up runs)`,
    `  ${"format".padEnd(11)} ${"wall".padStart(8)}    ${"cpu".padStart(8)}    ${"size".padStart(7)}`,
    ...rows.map(
      (row) =>
        `  ${row.name.padEnd(11)} ${row.medianMs.toFixed(1).padStart(8)} ms ${row.cpuMs.toFixed(1).padStart(8)} ms ${(row.bytes / 1024).toFixed(0).padStart(7)} KiB`,
    ),
  ];
  const total = rows.find((row) => row.name === "total");
  if (total) {
    const verdict = total.medianMs < GENERATE_TARGET_MS ? "under" : "over";
    lines.push(`  all six formats: ${total.medianMs.toFixed(1)} ms, ${verdict} the ${GENERATE_TARGET_MS} ms target (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores)`);
  }
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatGenerateBench(runGenerateBench()));
}
