import { createMemoryEventStore, isConcurrencyError, isEventStoreError } from "../../eventstore";
import type { EventStoreWithOutbox } from "../../sim/ports/eventStore";
import type { DeadLetter, ReadModelRow, RunCounters, RunRecord } from "../../sim/ports/records";
import type { ProcessedKey, RuntimeStore } from "../../sim/ports/runtimeStore";
import type { TraceItem } from "../../sim/ports/trace";
import { mergeRow } from "../../sim/projection/projection";
import { SAGA_EVENT, SAGA_STREAM_TYPE } from "../../sim/saga/sagaState";

/** The in-memory twin's transaction: the processed records it wrote, applied at commit. */
export interface MemoryTx {
  /** Processed-record key -> run id. */
  readonly processed: Map<string, string>;
}

/**
 * The runtime store in memory, for unit tests: the in-memory event store plus maps. Transactions
 * run one at a time; the runtime's own records (processed messages) commit or roll back with
 * them, while appends made inside one are kept (the in-memory event store has no transactions:
 * the core appends last, so a rolled-back transaction has appended nothing in practice).
 */
export function createMemoryRuntimeStore(options: { now?: () => number } = {}): RuntimeStore<MemoryTx> {
  const inner = createMemoryEventStore({ now: options.now });
  const events: EventStoreWithOutbox<MemoryTx> = {
    appendToStream: (streamId, list, appendOptions) => inner.appendToStream(streamId, list, appendOptions),
    readStream: (streamId, readOptions) => inner.readStream(streamId, readOptions),
    readAll: (readOptions) => inner.readAll(readOptions),
    streamVersion: (streamId) => inner.streamVersion(streamId),
    listStreams: (listOptions) => inner.listStreams(listOptions),
    outbox: inner.outbox,
  };
  const processed = new Map<string, string>(); // key -> runId
  const rows = new Map<string, ReadModelRow & { runId: string }>();
  const deadLetters: DeadLetter[] = [];
  const runs = new Map<string, RunRecord>();
  const spans = new Map<string, TraceItem[]>();
  let open: MemoryTx | null = null;
  let queue: Promise<void> = Promise.resolve();
  const keyOf = (p: ProcessedKey) => `${p.consumerGroup}\u0000${p.messageId}`;
  const clone = <T>(value: T): T => structuredClone(value);

  return {
    events,

    async transaction(fn) {
      let release!: () => void;
      const previous = queue;
      queue = new Promise((resolve) => (release = resolve));
      await previous;
      const tx: MemoryTx = { processed: new Map() };
      open = tx;
      try {
        const result = await fn(tx);
        for (const [key, runId] of tx.processed) processed.set(key, runId);
        return result;
      } finally {
        open = null;
        release();
      }
    },

    async commit(unit) {
      // One at a time with the transactions, as the PostgreSQL store's statement is atomic.
      return this.transaction(async () => {
        const key = unit.processed ? keyOf(unit.processed) : null;
        if (key !== null && processed.has(key)) return { status: "duplicate" as const };
        let append: Awaited<ReturnType<typeof inner.appendToStream>> | null = null;
        if (unit.append) {
          try {
            append = await inner.appendToStream(unit.append.streamId, unit.append.events, unit.append.options);
          } catch (err) {
            if (isConcurrencyError(err)) return { status: "conflict" as const, actualVersion: err.actual };
            if (isEventStoreError(err) && err.code === "duplicate_event") return { status: "duplicate_event" as const };
            throw err;
          }
        }
        if (key !== null) processed.set(key, unit.processed!.runId);
        return { status: "applied" as const, append };
      });
    },

    async markProcessed(record, tx) {
      const key = keyOf(record);
      if (processed.has(key) || open?.processed.has(key)) return false;
      if (tx) tx.processed.set(key, record.runId);
      else processed.set(key, record.runId);
      return true;
    },

    async countProcessed(runId) {
      const counts: Record<string, number> = {};
      for (const [key, run] of processed) {
        if (run !== runId) continue;
        const group = key.split("\u0000")[0]!;
        counts[group] = (counts[group] ?? 0) + 1;
      }
      return counts;
    },

    async findProcessed(_runId, pairs) {
      return pairs.filter((p) => processed.has(keyOf(p))).map((p) => ({ consumerGroup: p.consumerGroup, messageId: p.messageId }));
    },

    async project(update) {
      const key = keyOf(update);
      if (processed.has(key) || open?.processed.has(key)) return "duplicate";
      processed.set(key, update.runId);
      const rowKey = `${update.runId}\u0000${update.readModel}\u0000${update.rowId}`;
      const row = rows.get(rowKey) ?? null;
      rows.set(rowKey, { ...mergeRow(row, update), runId: update.runId });
      return "applied";
    },

    async readModelRows(runId, readModel) {
      return [...rows.values()]
        .filter((r) => r.runId === runId && (readModel === undefined || r.readModel === readModel))
        .sort(compareRows)
        .map(({ runId: _runId, ...row }) => clone(row));
    },

    async readModelPage(runId, after, limit) {
      const all = [...rows.values()].filter((r) => r.runId === runId).sort(compareRows);
      const start = after === null ? 0 : all.findIndex((r) => compareRows(r, after) > 0);
      return (start < 0 ? [] : all.slice(start, start + limit)).map(({ runId: _runId, ...row }) => clone(row));
    },

    async putDeadLetter(deadLetter) {
      const at = deadLetters.findIndex((d) => d.runId === deadLetter.runId && d.consumerGroup === deadLetter.consumerGroup && d.messageId === deadLetter.messageId);
      if (at >= 0) deadLetters.splice(at, 1);
      deadLetters.push(clone(deadLetter));
    },

    async listDeadLetters(runId, messageId) {
      return deadLetters.filter((d) => d.runId === runId && (messageId === undefined || d.messageId === messageId)).map(clone);
    },

    async markReplayed(runId, consumerGroup, messageId, status, at) {
      const index = deadLetters.findIndex((d) => d.runId === runId && d.consumerGroup === consumerGroup && d.messageId === messageId);
      if (index >= 0) deadLetters[index] = { ...deadLetters[index]!, replayStatus: status, replayedAt: at };
    },

    async createRun(run) {
      if (runs.has(run.runId)) throw new Error(`run ${run.runId} exists`);
      runs.set(run.runId, clone(run));
    },

    async updateRun(runId, patch) {
      const run = runs.get(runId);
      if (run) runs.set(runId, { ...run, ...clone(patch) });
    },

    async getRun(runId) {
      const run = runs.get(runId);
      return run ? clone(run) : null;
    },

    async listRuns(filter = {}) {
      return [...runs.values()]
        .filter((r) => (filter.boardId === undefined || r.boardId === filter.boardId) && (filter.statuses === undefined || filter.statuses.includes(r.status)))
        .sort((a, b) => compare(b.createdAt, a.createdAt))
        .slice(0, filter.limit ?? 100)
        .map(clone);
    },

    // One process, one owner: a run is resumable once its heartbeat is stale, as before owners.
    async resumableRuns(staleBefore) {
      return [...runs.values()]
        .filter((r) => r.status === "running" && r.heartbeatAt < staleBefore)
        .sort((a, b) => compare(a.createdAt, b.createdAt))
        .map((r) => r.runId);
    },

    async claimRun(runId, staleBefore, now) {
      const run = runs.get(runId);
      if (!run || run.status !== "running" || run.heartbeatAt >= staleBefore) return false;
      runs.set(runId, { ...run, heartbeatAt: now });
      return true;
    },

    async beat(runId, counters, at) {
      const run = runs.get(runId);
      if (!run || run.status !== "running") return false;
      runs.set(runId, { ...run, counters: clone(counters), heartbeatAt: at });
      return true;
    },

    async issuedInstances(runId) {
      let issued = 0;
      for (let after: string | undefined; ; ) {
        const page = await inner.readAll({ runId, after, limit: 10_000 });
        if (page.events.length === 0) break;
        after = page.checkpoint;
        for (const e of page.events) {
          const instance = (e.metadata as { instance?: unknown } | null)?.instance;
          if (typeof instance === "number") issued = Math.max(issued, instance + 1);
        }
      }
      return issued;
    },

    async countSagas(runId) {
      const outcomes = new Map<string, string | null>();
      for (let after: string | undefined; ; ) {
        const page = await inner.readAll({ runId, after, limit: 10_000 });
        if (page.events.length === 0) break;
        after = page.checkpoint;
        for (const e of page.events) {
          if (e.streamType !== SAGA_STREAM_TYPE) continue;
          if (e.type === SAGA_EVENT.started && !outcomes.has(e.streamId)) outcomes.set(e.streamId, null);
          if (e.type === SAGA_EVENT.reopened) outcomes.set(e.streamId, null);
          if (e.type === SAGA_EVENT.ended) outcomes.set(e.streamId, String((e.data as { outcome?: unknown }).outcome));
        }
      }
      const counts: { -readonly [K in keyof RunCounters["sagas"]]: number } = { started: outcomes.size, completed: 0, compensated: 0, failed: 0 };
      for (const outcome of outcomes.values()) if (outcome === "completed" || outcome === "compensated" || outcome === "failed") counts[outcome]++;
      return counts;
    },

    async appendSpans(runId, items) {
      const list = spans.get(runId) ?? [];
      const stored = list.at(-1)?.seq ?? 0;
      for (const item of [...items].sort((a, b) => a.seq - b.seq)) if (item.seq > stored) list.push(clone(item));
      spans.set(runId, list);
    },

    async readSpans(runId, after, limit) {
      return (spans.get(runId) ?? []).filter((s) => s.seq > after).slice(0, limit).map(clone);
    },

    async lastSpanSeq(runId) {
      return spans.get(runId)?.at(-1)?.seq ?? 0;
    },
  };
}

/** Read-model rows (or their keys) by read model, then row id. */
function compareRows(a: { readModel: string; rowId: string }, b: { readModel: string; rowId: string }): number {
  return a.readModel === b.readModel ? compare(a.rowId, b.rowId) : compare(a.readModel, b.readModel);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
