import type { Clock } from "../ports/time";
import type { Ids } from "../ports/ids";
import type { Span, SpanAttributes, SpanKind, SpanStatus, TraceSink } from "../ports/trace";

/** A span being timed; `end` records it (once). */
export interface OpenSpan {
  readonly spanId: string;
  readonly traceId: string;
  /** Adds attributes before the end. */
  set(attributes: SpanAttributes): void;
  end(status?: SpanStatus, attributes?: SpanAttributes): void;
}

/** Starts spans on the injected clock and hands finished ones to the sink. */
export class Tracer {
  constructor(
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly sink: TraceSink,
  ) {}

  start(kind: SpanKind, name: string, trace: { traceId: string; parentSpanId: string | null }, attributes: SpanAttributes = {}): OpenSpan {
    const startedAt = this.clock.now();
    const spanId = this.ids.spanId();
    let attrs: Record<string, SpanAttributes[string]> = { ...attributes };
    let ended = false;
    return {
      spanId,
      traceId: trace.traceId,
      set: (more) => {
        attrs = { ...attrs, ...more };
      },
      end: (status = "ok", more = {}) => {
        if (ended) return;
        ended = true;
        this.sink.record({ traceId: trace.traceId, spanId, parentSpanId: trace.parentSpanId, name, kind, startedAt, endedAt: this.clock.now(), status, attributes: { ...attrs, ...more } });
      },
    };
  }

  /** Records a span that has already happened (a wait measured by its caller). */
  record(span: Omit<Span, "spanId"> & { spanId?: string }): string {
    const spanId = span.spanId ?? this.ids.spanId();
    this.sink.record({ ...span, spanId });
    return spanId;
  }
}
