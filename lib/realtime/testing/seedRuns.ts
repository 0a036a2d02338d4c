import { randomUUID } from "node:crypto";
import type { RunRecord } from "../../sim/ports/records";
import type { RuntimeStore } from "../../sim/ports/runtimeStore";
import type { TraceItem } from "../../sim/ports/trace";

/**
 * Spans shaped like the simulator's (about 300 bytes of JSON each), numbered 1..count. Socket
 * tests need runs of 20,000 spans by the dozen; simulating each would take minutes, and the
 * socket layer only reads what the store holds.
 */
export function syntheticSpans(count: number, from = 1): TraceItem[] {
  const base = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const seq = from + i;
    return {
      seq,
      traceId: `00000000-0000-4000-8000-${(seq % 997).toString(16).padStart(12, "0")}`,
      spanId: seq.toString(16).padStart(16, "0"),
      parentSpanId: seq > 1 ? (seq - 1).toString(16).padStart(16, "0") : null,
      name: "PaymentService handles OrderPlaced",
      kind: "handle",
      startedAt: base + seq,
      endedAt: base + seq + 0.25,
      status: "ok",
      attributes: { correlationId: `00000000-0000-4000-8000-${(seq % 997).toString(16).padStart(12, "0")}`, messageId: randomUUID(), eventType: "OrderPlaced", nodeId: "payment-service" },
    };
  });
}

/**
 * A finished run with `spans` stored spans, cloned from `template` (a real run's record, so the
 * board and scenario are valid) under a new id. Spans are stored in batches as the sink does.
 */
export async function seedFinishedRun(store: RuntimeStore, template: RunRecord, spans: number, batch = 2000): Promise<string> {
  const runId = randomUUID();
  await store.createRun({ ...template, runId, status: "completed", counters: { ...template.counters, spans } });
  for (let from = 1; from <= spans; from += batch) {
    await store.appendSpans(runId, syntheticSpans(Math.min(batch, spans - from + 1), from));
  }
  return runId;
}
