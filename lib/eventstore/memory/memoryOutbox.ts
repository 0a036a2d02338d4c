import type { ClaimOptions, Int64String, Outbox, OutboxMessage } from "../types";
import { checkLease, checkLimit, checkName, checkOutboxIds } from "../validate";
import { isoNow, toStoredEvent, type MemoryOutboxRow, type MemoryState } from "./memoryState";

/** The in-memory outbox: the same claim / lease / mark cycle as `postgres/outbox.ts`, timed by the injected clock. */
export function createMemoryOutbox(state: MemoryState): Outbox {
  return {
    async claimUnpublished(limit: number, options: ClaimOptions = {}): Promise<OutboxMessage[]> {
      const max = checkLimit(limit, 100, 10_000);
      const leaseMs = checkLease(options.leaseMs);
      const runId = options.runId === undefined ? undefined : checkName(options.runId, "run id");
      const now = state.now();
      const claimed: OutboxMessage[] = [];
      for (const row of state.outbox) {
        if (claimed.length >= max) break;
        if (row.publishedAt !== null || (row.claimedUntil !== null && row.claimedUntil > now)) continue;
        if (runId !== undefined && row.runId !== runId) continue;
        row.claimedUntil = now + leaseMs;
        row.attempts++;
        claimed.push(toMessage(state, row));
      }
      return claimed;
    },

    async markPublished(ids: readonly Int64String[]): Promise<number> {
      const publishedAt = isoNow(state);
      let marked = 0;
      for (const row of rowsOf(state, ids)) {
        if (row.publishedAt !== null) continue;
        row.publishedAt = publishedAt;
        marked++;
      }
      return marked;
    },

    async releaseClaims(ids: readonly Int64String[]): Promise<number> {
      let released = 0;
      for (const row of rowsOf(state, ids)) {
        if (row.publishedAt !== null || row.claimedUntil === null) continue;
        row.claimedUntil = null;
        released++;
      }
      return released;
    },

    async countUnpublished(options: { readonly runId?: string } = {}): Promise<number> {
      const runId = options.runId === undefined ? undefined : checkName(options.runId, "run id");
      return state.outbox.filter((r) => r.publishedAt === null && (runId === undefined || r.runId === runId)).length;
    },
  };
}

function rowsOf(state: MemoryState, ids: readonly Int64String[]): MemoryOutboxRow[] {
  // Ids are the counter's values, so a row's index is its id - 1.
  return [...new Set(checkOutboxIds(ids))].flatMap((id) => state.outbox[Number(id) - 1] ?? []);
}

function toMessage(state: MemoryState, row: MemoryOutboxRow): OutboxMessage {
  const event = state.eventsById.get(row.eventId);
  if (!event) throw new Error(`outbox row ${row.id} refers to missing event ${row.eventId}`);
  return {
    id: row.id.toString(),
    topic: row.topic,
    key: row.key,
    runId: row.runId,
    attempts: row.attempts,
    createdAt: row.createdAt,
    event: toStoredEvent(state, event),
  };
}
