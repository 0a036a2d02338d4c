import { isDeepStrictEqual } from "../equal";
import type { StoredEvent, StreamInfo } from "../ports/eventStore";
import type { InvariantResult, ReadModelRow, RunCounters } from "../ports/records";
import type { RuntimeStore } from "../ports/runtimeStore";
import type { Scheduler } from "../ports/time";
import { mergeRow, projectionFields, versionOf } from "../projection/projection";
import { SAGA_EVENT, SAGA_STREAM_TYPE, foldSaga, sagaHistoryProblem, type SagaStreamEvent } from "../saga/sagaState";
import type { Topology } from "../topology";

/*
 * The invariants checked after every run, from what is stored (never from the live counters):
 * - saga-atomicity: every saga ended: completed; or compensated, every completed compensable
 *   step undone in reverse order (and the failed step not); or failed for a person to look at (a
 *   retriable step or a compensation that could not be carried out), after compensating in order;
 * - outbox-drained: every event appended with an outbox row was published;
 * - idempotency: no consumer applied an effect twice for one message, despite duplicates;
 * - projection-rebuild: the live read-model rows equal a rebuild from the event store;
 * - stream-versions: every stream's versions are 1..n, no gap, no duplicate, n its version.
 */

export interface InvariantReport {
  readonly invariants: InvariantResult[];
  /** Figures recomputed from the store, which a crash cannot have skewed. */
  readonly sagas: RunCounters["sagas"];
  /** Domain events appended. */
  readonly appended: number;
  /** Messages published (domain events, step commands, replies, notices). */
  readonly published: number;
  readonly deadLettered: number;
  /** Messages written to the outbox, by kind. */
  readonly messages: MessageCounts;
}

/** Messages a run wrote, by kind: domain events, saga step commands, participants' replies, dead-letter notices. */
export interface MessageCounts {
  readonly events: number;
  readonly commands: number;
  readonly replies: number;
  readonly notices: number;
}

export interface InvariantInput {
  readonly runId: string;
  readonly topology: Topology;
  readonly store: RuntimeStore;
  readonly scheduler: Scheduler;
  readonly duplicatesSkipped: number;
}

const PAGE = 10_000;
const MAX_EXAMPLES = 3;

export async function checkInvariants(input: InvariantInput): Promise<InvariantReport> {
  const { runId, topology, store } = input;
  const streams = await listAllStreams(store, runId);
  const expectedEvents = streams.reduce((sum, s) => sum + s.version, 0);
  const deadLetters = await store.listDeadLetters(runId);
  /** Messages each read-model group never took in (dead-lettered and not replayed): a rebuild leaves them out too. */
  const skipped = new Set(deadLetters.filter((d) => d.replayStatus !== "ok").map((d) => `${d.consumerGroup}\u0000${d.messageId}`));

  const versions = new Map<string, number[]>();
  const sagaEvents = new Map<string, (SagaStreamEvent & { version: number })[]>();
  const effects = new Map<string, number>();
  const rebuilt = new Map<string, ReadModelRow>();
  const messages = { events: 0, commands: 0, replies: 0, notices: 0 };
  let sagaRecords = 0;
  let read = 0;

  // Read every event of the run once, in readAll order, keeping only what each check needs.
  let after: string | undefined;
  for (let stalls = 0; read < expectedEvents; ) {
    const page = await store.events.readAll({ after, limit: PAGE, runId });
    if (page.events.length === 0) {
      // Held back behind a transaction still running somewhere in the cluster: wait for it.
      if (++stalls > 600) break;
      await input.scheduler.sleep(50);
      continue;
    }
    stalls = 0;
    after = page.checkpoint;
    for (const event of page.events) {
      read++;
      pushTo(versions, event.streamId, event.version);
      const meta = event.metadata as Record<string, unknown>;
      if (event.streamType === SAGA_STREAM_TYPE) pushTo(sagaEvents, event.streamId, { type: event.type, data: event.data, version: event.version, eventId: event.eventId, metadata: meta });
      if (meta.internal === true) {
        sagaRecords++;
        continue;
      }
      const kind = meta.messageKind;
      if (kind === "command") messages.commands++;
      else if (kind === "reply") messages.replies++;
      else if (kind === "fault") messages.notices++;
      else messages.events++;
      if (typeof meta.consumer === "string") {
        const key = `${meta.consumer}\u0000${meta.causationId}\u0000${event.type}\u0000${event.streamId}`;
        effects.set(key, (effects.get(key) ?? 0) + 1);
      }
      rebuildRows(topology, event, skipped, rebuilt);
    }
  }

  const unpublished = await store.events.outbox.countUnpublished({ runId });
  const sagas = checkSagas(topology, sagaEvents);
  const live = await store.readModelRows(runId);
  const total = messages.events + messages.commands + messages.replies + messages.notices;
  const written = `${total} messages through the outbox (${describeMessages(messages)})`;
  const invariants: InvariantResult[] = [
    sagas.result,
    {
      name: "outbox-drained",
      ok: unpublished === 0,
      detail: unpublished === 0 ? `${written}, all published` : `${unpublished} of ${written} were never published`,
      ...(unpublished === 0 ? { facts: { name: "outbox-drained" as const, messages: { ...messages } } } : {}),
    },
    checkIdempotency(effects, live, rebuilt, input.duplicatesSkipped),
    checkProjections(live, rebuilt),
    checkStreams(streams, versions, read, expectedEvents, { ...messages, sagaRecords }),
  ];
  return {
    invariants,
    sagas: sagas.counts,
    appended: messages.events,
    published: total - unpublished,
    deadLettered: deadLetters.length,
    messages,
  };
}

/** `100 domain events, 300 step commands, 300 replies`: only the kinds there are. */
function describeMessages(m: MessageCounts): string {
  const parts = [
    `${m.events} domain event${m.events === 1 ? "" : "s"}`,
    ...(m.commands > 0 ? [`${m.commands} saga step command${m.commands === 1 ? "" : "s"}`] : []),
    ...(m.replies > 0 ? [`${m.replies} repl${m.replies === 1 ? "y" : "ies"}`] : []),
    ...(m.notices > 0 ? [`${m.notices} dead-letter notice${m.notices === 1 ? "" : "s"}`] : []),
  ];
  return parts.join(", ");
}

/** Every stream of the run, page by page. */
export async function listAllStreams(store: RuntimeStore, runId: string): Promise<StreamInfo[]> {
  const all: StreamInfo[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.events.listStreams({ runId, after, limit: PAGE });
    all.push(...page);
    const last = page.at(-1)?.streamId;
    // A short page is the last; a page that does not move on would loop forever.
    if (page.length < PAGE || last === undefined || last === after) return all;
    after = last;
  }
}

function rebuildRows(topology: Topology, event: StoredEvent, skipped: ReadonlySet<string>, rows: Map<string, ReadModelRow>): void {
  const info = topology.eventsByType.get(event.type);
  if (!info) return;
  const subjectId = String((event.metadata as Record<string, unknown>).subjectId ?? "");
  for (const consumer of info.consumers) {
    if (consumer.kind !== "readModel") continue;
    const readModel = topology.readModels.get(topology.key(consumer.name));
    const group = topology.groupsByKey.get(`readModel:${readModel?.key ?? ""}`)?.name ?? "";
    if (!readModel || skipped.has(`${group}\u0000${event.eventId}`)) continue;
    const key = `${readModel.name}\u0000${subjectId}`;
    const fields = projectionFields(readModel, info, event.data, subjectId, event.createdAt);
    rows.set(key, mergeRow(rows.get(key) ?? null, { readModel: readModel.name, rowId: subjectId, fields, version: versionOf(`${event.transactionId}:${event.globalPosition}`) }));
  }
}

function checkSagas(topology: Topology, sagaEvents: ReadonlyMap<string, (SagaStreamEvent & { version: number })[]>) {
  const counts = { started: 0, completed: 0, compensated: 0, failed: 0 };
  const problems: string[] = [];
  let compensations = 0;
  for (const [streamId, events] of sagaEvents) {
    events.sort((a, b) => a.version - b.version);
    const state = foldSaga(events);
    const name = state.started?.saga ?? "";
    const saga = topology.sagas.get(topology.key(name));
    counts.started++;
    const problem = saga ? sagaHistoryProblem(events, saga) : `names saga "${name}", which is not on the board`;
    if (problem) problems.push(`${streamId} ${problem}`);
    if (state.ended) counts[state.ended]++;
    compensations += events.filter((e) => e.type === SAGA_EVENT.stepCompensated).length;
  }
  const ok = problems.length === 0;
  const detail = ok
    ? counts.started === 0
      ? "no saga ran"
      : `${counts.started} sagas: ${counts.completed} completed, ${counts.compensated} compensated, ${counts.failed} failed needing manual intervention (${compensations} compensations, each saga's completed compensable steps undone in reverse order)`
    : `${problems.length} of ${counts.started} sagas broke atomicity: ${examples(problems)}`;
  const facts = ok ? { facts: { name: "saga-atomicity" as const, ...counts, compensations } } : {};
  return { counts, result: { name: "saga-atomicity" as const, ok, detail, ...facts } };
}

function checkIdempotency(effects: ReadonlyMap<string, number>, live: readonly ReadModelRow[], rebuilt: ReadonlyMap<string, ReadModelRow>, duplicatesSkipped: number): InvariantResult {
  const problems: string[] = [];
  for (const [key, count] of effects) {
    if (count > 1) {
      const [consumer, cause, type] = key.split("\u0000");
      problems.push(`${consumer} wrote ${type} ${count} times for message ${cause}`);
    }
  }
  for (const row of live) {
    const expected = rebuilt.get(`${row.readModel}\u0000${row.rowId}`)?.eventCount ?? 0;
    if (row.eventCount > expected) problems.push(`${row.readModel} row ${row.rowId} applied ${row.eventCount} events, but the store holds ${expected} for it`);
  }
  return {
    name: "idempotency",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `${duplicatesSkipped} duplicate deliveries skipped; ${effects.size} consumer effects and ${live.length} read-model rows each applied once`
        : `${problems.length} effects applied more than once: ${examples(problems)}`,
    ...(problems.length === 0 ? { facts: { name: "idempotency" as const, duplicatesSkipped, effects: effects.size, rows: live.length } } : {}),
  };
}

function checkProjections(live: readonly ReadModelRow[], rebuilt: ReadonlyMap<string, ReadModelRow>): InvariantResult {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of live) {
    const key = `${row.readModel}\u0000${row.rowId}`;
    seen.add(key);
    const expected = rebuilt.get(key);
    if (!expected) problems.push(`${row.readModel} row ${row.rowId} is not in the rebuild`);
    else if (!isDeepStrictEqual(row.data, expected.data) || row.eventCount !== expected.eventCount) {
      problems.push(`${row.readModel} row ${row.rowId} differs: live ${JSON.stringify(row.data)}, rebuilt ${JSON.stringify(expected.data)}`);
    }
  }
  for (const [key, row] of rebuilt) if (!seen.has(key)) problems.push(`${row.readModel} row ${row.rowId} is missing from the live read model`);
  const models = new Set(live.map((r) => r.readModel)).size;
  return {
    name: "projection-rebuild",
    ok: problems.length === 0,
    detail: problems.length === 0 ? `${live.length} rows in ${models} read model${models === 1 ? "" : "s"} equal a rebuild from the event store` : `${problems.length} rows differ from the rebuild: ${examples(problems)}`,
    ...(problems.length === 0 ? { facts: { name: "projection-rebuild" as const, rows: live.length, models } } : {}),
  };
}

function checkStreams(streams: readonly StreamInfo[], versions: ReadonlyMap<string, number[]>, read: number, expected: number, kinds: MessageCounts & { sagaRecords: number }): InvariantResult {
  const problems: string[] = [];
  if (read < expected) problems.push(`read ${read} of the run's ${expected} events (the rest were held back by a transaction that did not finish)`);
  for (const stream of streams) {
    const list = [...(versions.get(stream.streamId) ?? [])].sort((a, b) => a - b);
    const gapless = list.length === stream.version && list.every((v, i) => v === i + 1);
    if (!gapless) problems.push(`${stream.streamId} is at version ${stream.version} but holds versions [${list.slice(0, 10).join(", ")}${list.length > 10 ? ", …" : ""}]`);
  }
  return {
    name: "stream-versions",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `${streams.length} streams holding ${describeMessages(kinds)} and ${kinds.sagaRecords} saga record${kinds.sagaRecords === 1 ? "" : "s"}: versions gapless, unique and equal to each stream's version`
        : examples(problems),
    ...(problems.length === 0
      ? { facts: { name: "stream-versions" as const, streams: streams.length, messages: { events: kinds.events, commands: kinds.commands, replies: kinds.replies, notices: kinds.notices }, sagaRecords: kinds.sagaRecords } }
      : {}),
  };
}

function pushTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function examples(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_EXAMPLES).join("; ");
  return problems.length > MAX_EXAMPLES ? `${shown}; and ${problems.length - MAX_EXAMPLES} more` : shown;
}
