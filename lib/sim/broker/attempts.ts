import type { RetryPolicy } from "../../model";
import type { RunContext } from "../context";
import type { FaultKey } from "../scenario/faults";
import type { SpanAttributes } from "../ports/trace";
import { retryDelay } from "./retry";
import type { OpenSpan } from "../trace/tracer";

export type AttemptOutcome = { readonly ok: true; readonly attempts: number } | { readonly ok: false; readonly attempts: number; readonly error: string };

export interface AttemptsInput {
  /** What the work is, for faults. */
  readonly keys: readonly FaultKey[];
  readonly name: string;
  /** What the attempts are about, independent of the run (`3|PlaceOrder|Order`): seeds `rate` draws and jitter. */
  readonly key: string;
  /** The retry policy the attempts follow. */
  readonly policy: RetryPolicy;
  /** The consumer group the policy is (null: the board's defaults). */
  readonly group: string | null;
  /** The span of one attempt. */
  readonly span: (attempt: number) => OpenSpan;
  readonly trace: { readonly traceId: string; readonly parentSpanId: string | null };
  readonly attributes: SpanAttributes;
}

/**
 * Performs a simulated action that is not a delivery (an aggregate handling a command issued to
 * it directly): each attempt waits the injected latency and fails when the faults say so; failed
 * attempts are retried with `policy` (waits of design time, scaled), up to its `maxAttempts`.
 */
export async function attemptAction(ctx: RunContext, input: AttemptsInput): Promise<AttemptOutcome> {
  const { policy } = input;
  let error = "";
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    ctx.check();
    const fault = ctx.faults.attempt(input.keys, input.key, attempt);
    const span = input.span(attempt);
    if (fault.latencyMs > 0) await ctx.wait(fault.latencyMs);
    ctx.check();
    if (fault.failure === null) {
      span.end("ok", fault.latencyMs > 0 ? { latencyMs: fault.latencyMs } : {});
      return { ok: true, attempts: attempt };
    }
    error = fault.failure;
    span.end("error", { error });
    if (attempt < policy.maxAttempts) {
      const delayMs = retryDelay(policy, attempt, ctx.scenario.seed, input.group ?? input.name, input.key);
      ctx.counters.events.retried++;
      const wait = ctx.tracer.start("retry", `retry ${input.name}`, { traceId: input.trace.traceId, parentSpanId: span.spanId }, { ...input.attributes, attempt: attempt + 1, delayMs, error, group: input.group });
      await ctx.wait(delayMs);
      wait.end("ok");
    }
  }
  return { ok: false, attempts: policy.maxAttempts, error };
}
