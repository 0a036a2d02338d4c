import type { OutboxMessage } from "../ports/eventStore";
import type { Span } from "../ports/trace";
import { SPAN_KINDS } from "../ports/trace";
import type { CounterDelta } from "../run/counters";
import type { DeliveryOutcome } from "./runBroker";

/*
 * A worker's notice to its run's driver, on the run's control queue: the deliveries it finished
 * (acknowledged on the broker right after the notice is confirmed), and what it recorded meanwhile
 * (spans, counts, outbox rows committed per correlation, and the rows themselves when it wrote them
 * claimed for the driver's relay: handed over, published without a claim of their own). The driver settles the deliveries it
 * counted as in flight, so it knows when the run is quiet, and numbers and stores the spans, so the
 * live view and the summary see every worker's work. A notice is sent before the ack: a worker
 * killed between the two has its message redelivered, and the second notice finds nothing to settle.
 */

export interface Handled {
  readonly group: string;
  readonly messageId: string;
  readonly outcome: DeliveryOutcome;
}

export interface Notice {
  readonly v: 1;
  /** The worker that sent it (for logs). */
  readonly worker: string;
  readonly handled: readonly Handled[];
  readonly spans: readonly Span[];
  readonly counts: CounterDelta;
  /** Outbox rows committed per correlation id: in flight until the driver's relay publishes them. */
  readonly flows: readonly (readonly [string, number])[];
  /**
   * Outbox rows the worker committed claimed (for a lease) for the driver's relay to publish at
   * once. A worker that dies before its notice leaves them to any relay once the lease runs out.
   */
  readonly rows: readonly OutboxMessage[];
}

export function encodeNotice(notice: Notice): string {
  return JSON.stringify(notice);
}

/**
 * A notice read off the control queue, or null when it is not one (a broker is shared: what sits
 * on a queue is checked, not trusted). Only the shape the driver relies on is checked.
 */
export function parseNotice(body: string): Notice | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.v !== 1 || typeof value.worker !== "string") return null;
  const { handled, spans, counts, flows } = value;
  if (!Array.isArray(handled) || !handled.every(isHandled)) return null;
  if (!Array.isArray(spans) || !spans.every(isSpan)) return null;
  // A worker only ever adds rows to a flow, and its counts are increases since its last notice.
  if (!Array.isArray(flows) || !flows.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === "string" && isCount(f[1]) && f[1] > 0)) return null;
  if (!Array.isArray(value.rows) || !value.rows.every(isRow)) return null;
  if (!isRecord(counts) || !isCounts(counts.commands) || !isCounts(counts.sagas) || !isCounts(counts.events) || !isCount(counts.concurrencyConflicts)) return null;
  return value as unknown as Notice;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A count: a whole number, 0 or more, that adds up exactly (1e999 parses as Infinity, which a JSON summary writes as null). */
function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isCounts(value: unknown): boolean {
  return isRecord(value) && Object.values(value).every(isCount);
}

function isHandled(value: unknown): boolean {
  return isRecord(value) && typeof value.group === "string" && typeof value.messageId === "string" && isRecord(value.outcome) && typeof value.outcome.status === "string";
}

function isRow(value: unknown): boolean {
  if (!isRecord(value) || typeof value.id !== "string" || typeof value.topic !== "string" || typeof value.key !== "string" || !isRecord(value.event)) return false;
  const { event } = value;
  return typeof event.eventId === "string" && typeof event.type === "string" && typeof event.streamId === "string" && isRecord(event.metadata) && typeof event.metadata.correlationId === "string";
}

function isSpan(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.traceId === "string" &&
    typeof value.spanId === "string" &&
    (value.parentSpanId === null || typeof value.parentSpanId === "string") &&
    typeof value.name === "string" &&
    (SPAN_KINDS as readonly unknown[]).includes(value.kind) &&
    typeof value.startedAt === "number" &&
    typeof value.endedAt === "number" &&
    (value.status === "ok" || value.status === "error") &&
    isRecord(value.attributes)
  );
}
