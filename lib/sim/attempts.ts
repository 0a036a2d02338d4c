import type { RunContext } from "./context";
import type { FaultTargetKind } from "./ports/records";
import type { SpanAttributes } from "./ports/trace";
import { backoffMs } from "./retry";
import type { OpenSpan } from "./tracer";

export type AttemptOutcome = { readonly ok: true; readonly attempts: number } | { readonly ok: false; readonly attempts: number; readonly error: string };

export interface AttemptsInput {
  readonly kind: FaultTargetKind;
  readonly name: string;
  /** What the attempts are about, independent of the run (`3|OrderSaga|step 2`): seeds `rate` draws. */
  readonly key: string;
  /** The span of one attempt, or null to record none (nothing can go wrong: no fault on the target). */
  readonly span: ((attempt: number) => OpenSpan) | null;
  readonly trace: { readonly traceId: string; readonly parentSpanId: string | null };
  readonly attributes: SpanAttributes;
  /** false for compensations: only latency applies. */
  readonly failures?: boolean;
  /** Called before every wait (latency, backoff): a saga makes its state durable there. */
  readonly beforeWait?: () => Promise<void>;
}

/**
 * Performs a simulated action (a saga step, a compensation, an aggregate handling a command):
 * each attempt waits the injected latency and fails when the faults say so; failed attempts are
 * retried with backoff up to the scenario's `maxAttempts`.
 */
export async function attemptAction(ctx: RunContext, input: AttemptsInput): Promise<AttemptOutcome> {
  const { maxAttempts, backoff } = ctx.scenario;
  let error = "";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    ctx.check();
    const fault = ctx.faults.attempt(input.kind, input.name, input.key, attempt, { failures: input.failures });
    const span = input.span?.(attempt) ?? null;
    if (fault.latencyMs > 0) {
      await input.beforeWait?.();
      await ctx.scheduler.sleep(fault.latencyMs);
    }
    ctx.check();
    if (fault.failure === null) {
      span?.end("ok", fault.latencyMs > 0 ? { latencyMs: fault.latencyMs } : {});
      return { ok: true, attempts: attempt };
    }
    error = fault.failure;
    span?.end("error", { error });
    if (attempt < maxAttempts) {
      const delayMs = backoffMs(backoff, attempt, ctx.random);
      ctx.counters.events.retried++;
      await input.beforeWait?.();
      const wait = ctx.tracer.start("retry", `retry ${input.name}`, { traceId: input.trace.traceId, parentSpanId: span?.spanId ?? input.trace.parentSpanId }, { ...input.attributes, attempt: attempt + 1, delayMs, error });
      await ctx.scheduler.sleep(delayMs);
      wait.end("ok");
    }
  }
  return { ok: false, attempts: maxAttempts, error };
}
