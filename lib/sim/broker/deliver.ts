import type { Route } from "../../model";
import type { Counters } from "../run/counters";
import { errorText } from "../errors";
import type { Message } from "../ports/records";
import type { ResumePoint } from "./resumePoints";
import { retryDelay } from "./retry";
import type { DeliveryOutcome, Subscriber } from "./runBroker";
import type { Semaphore } from "../semaphore";
import type { Tracer } from "../trace/tracer";

/*
 * One message delivered to one consumer group until its handler acks it or it is dead-lettered:
 * the attempts, the group's retry policy (the board's; waits of design time, scaled), the spans
 * (`deliver`, `retry`, `dead-letter`, each naming the group as the documents print it) and the
 * dead letter. Every broker runs this, in process or over a real one: a real broker holds the
 * message unacknowledged meanwhile, so the partition waits and one key's order is kept, as it is
 * in process (a negative ack with a delay would let the key's next message overtake it).
 *
 * A delivery a crash cut short goes on after the resume where it stood (`resumed`): the attempts
 * and waits stored before the crash are neither made nor counted again, and its design time
 * goes on from what they took, so a resumed run counts and decides as a clean run does.
 */

export interface DeliveryEnv {
  readonly seed: string;
  readonly tracer: Tracer;
  readonly counters: Counters;
  /** Waits `designMs` of design time (scaled by the run's time scale). */
  readonly wait: (designMs: number) => Promise<void>;
  /** False once the run is abandoned. */
  readonly alive: () => boolean;
  /** After a crash: where an interrupted delivery of the message to the group stood (resumePoints.ts), taken once. */
  readonly resumed?: (group: string, messageId: string, copy: number) => ResumePoint | undefined;
}

export async function deliverWithRetries(env: DeliveryEnv, semaphore: Semaphore, subscriber: Subscriber, route: Route, message: Message, copy: number): Promise<DeliveryOutcome> {
  const { tracer, counters } = env;
  const { policy } = subscriber;
  const trace = { traceId: message.headers.correlationId };
  const attributes = {
    correlationId: message.headers.correlationId,
    causationId: message.headers.causationId,
    messageId: message.messageId,
    eventType: message.eventType,
    messageKind: message.headers.kind,
    consumer: subscriber.name,
    group: subscriber.name,
    channel: message.topic,
    nodeId: route.nodeId,
    edgeId: route.edgeId,
  };
  counters.events.delivered++;
  const design = { elapsedMs: 0 };
  let lastError = "";
  let lastSpanId = message.headers.spanId;
  /** The wait after failed attempt `attempt` (whose span is `after`), counted as a retry. */
  const waitToRetry = async (attempt: number, after: string) => {
    const delayMs = retryDelay(policy, attempt, env.seed, subscriber.name, `${message.headers.logicalKey}|${copy}`);
    counters.events.retried++;
    const wait = tracer.start("retry", `retry ${message.eventName} → ${subscriber.name}`, { ...trace, parentSpanId: after }, { ...attributes, attempt: attempt + 1, copy, delayMs, error: lastError });
    design.elapsedMs += delayMs;
    await env.wait(delayMs);
    wait.end("ok");
  };
  let first = 1;
  const resumed = env.resumed?.(subscriber.name, message.messageId, copy);
  if (resumed) {
    // Cut short by a crash: on from the last attempt stored (and the wait after it, if stored too).
    lastError = resumed.error;
    lastSpanId = resumed.spanId;
    design.elapsedMs = resumed.designMs + (resumed.waitedMs ?? 0);
    first = Math.min(resumed.attempt, policy.maxAttempts) + 1;
    if (resumed.waitedMs === null && first <= policy.maxAttempts) await waitToRetry(first - 1, resumed.spanId);
  }
  for (let attempt = first; attempt <= policy.maxAttempts; attempt++) {
    if (!env.alive()) return { status: "error", error: "the run was abandoned" };
    const span = tracer.start("deliver", `${message.eventName} → ${subscriber.name}`, { ...trace, parentSpanId: message.headers.spanId }, { ...attributes, attempt, copy });
    lastSpanId = span.spanId;
    try {
      const result = await semaphore.run(() => subscriber.handler(message, { attempt, copy, span, route, design }));
      if (result === "duplicate") counters.events.duplicatesSkipped++;
      span.end("ok", { duplicate: result === "duplicate" });
      return { status: result };
    } catch (err) {
      if (!env.alive()) return { status: "error", error: "the run was abandoned" };
      lastError = errorText(err);
      // With the design time it took so far: a delivery resumed after a crash goes on from it.
      span.end("error", { error: lastError, designMs: design.elapsedMs });
    }
    if (attempt < policy.maxAttempts) await waitToRetry(attempt, span.spanId);
  }
  if (!env.alive()) return { status: "error", error: "the run was abandoned" };
  const dead = tracer.start("dead-letter", `dead letter ${message.eventName} → ${subscriber.name}`, { ...trace, parentSpanId: lastSpanId }, { ...attributes, copy, attempts: policy.maxAttempts, error: lastError, dlq: `${subscriber.name}.dlq` });
  try {
    await subscriber.deadLetter(message, policy.maxAttempts, lastError, route);
    counters.events.deadLettered++;
    dead.end("error");
  } catch (err) {
    dead.end("error", { storeError: errorText(err) });
    throw err;
  }
  return { status: "dead-lettered", error: lastError };
}
