import { messageOf } from "../broker/relay";
import type { RunContext } from "../context";

/*
 * Crash recovery: what a resumed run delivers again before it goes on. Sagas need nothing of
 * their own (a saga goes on when the reply it waits for arrives), unpublished outbox rows are the
 * relay's, and entry commands are issued again by the run (each is idempotent).
 */

/**
 * After a crash: deliver again every published message (a board event, a step command, a
 * reply) that some consumer group had not processed (nor dead-lettered). Consumers are
 * idempotent, so whatever was in fact done before the crash is skipped; a saga goes on when the
 * reply it waits for arrives. Unpublished outbox rows are the relay's. Returns how many
 * deliveries it made.
 */
export async function redeliverUnprocessed(ctx: RunContext): Promise<number> {
  const { store, runId } = ctx;
  let sent = 0;
  const dead = new Set((await store.listDeadLetters(runId)).map((d) => `${d.consumerGroup}\u0000${d.messageId}`));
  let after: string | undefined;
  for (;;) {
    const page = await store.events.readAll({ runId, after, limit: 5_000 });
    if (page.events.length === 0) break;
    after = page.checkpoint;
    const wanted = page.events.flatMap((event) => {
      const meta = event.metadata as Record<string, unknown>;
      if (meta.internal === true) return [];
      const topic = typeof meta.topic === "string" ? meta.topic : (ctx.topology.eventsByType.get(event.type)?.topic ?? "events");
      return ctx.broker.groupsFor(topic, event.type).map((consumerGroup) => ({ consumerGroup, messageId: event.eventId, event, topic }));
    });
    const done = new Set((await store.findProcessed(runId, wanted)).map((p) => `${p.consumerGroup}\u0000${p.messageId}`));
    for (const { consumerGroup, messageId, event, topic } of wanted) {
      const key = `${consumerGroup}\u0000${messageId}`;
      if (done.has(key) || dead.has(key)) continue;
      const subjectId = String((event.metadata as Record<string, unknown>).subjectId ?? event.streamId);
      void ctx.broker.send(consumerGroup, messageOf(event, topic, subjectId, ctx.topology, null));
      sent++;
    }
  }
  return sent;
}
