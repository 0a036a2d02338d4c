/**
 * Spans: every step of a run (a command, an append, a publish, a delivery, a handler, a retry,
 * a dead letter, a projection, a saga step, a compensation) is one span. The sink persists them
 * with a per-run sequence number, which is what the live view resumes from after a reconnect.
 */

export const SPAN_KINDS = [
  "command",
  "append",
  "publish",
  "deliver",
  "handle",
  "retry",
  "dead-letter",
  "projection",
  "saga-step",
  "compensation",
] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export type SpanStatus = "ok" | "error";

/** Attribute values are JSON scalars, so a span survives JSON and a jsonb column unchanged. */
export type SpanAttributes = Readonly<Record<string, string | number | boolean | null>>;

/**
 * One finished span. `traceId` is the correlation id (one trace per entry command);
 * `parentSpanId` is the span of the direct cause (null for an entry command's span).
 * Times are epoch milliseconds (fractional: sub-millisecond precision).
 *
 * Attributes always include `correlationId`; message spans carry `messageId` and `eventType`;
 * saga spans carry `sagaId`, `service` and `stepIndex`; spans about a sticky carry its `nodeId`.
 */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly kind: SpanKind;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: SpanStatus;
  readonly attributes: SpanAttributes;
}

/** A span as stored: numbered 1, 2, 3, … per run in the order spans ended. */
export interface TraceItem extends Span {
  readonly seq: number;
}

/**
 * Where spans go. `record` never blocks the simulation: the sink numbers the span at once and
 * writes in batches. `flush` resolves when everything recorded so far is stored.
 */
export interface TraceSink {
  record(span: Span): void;
  flush(): Promise<void>;
}
