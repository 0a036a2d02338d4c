import type { Span } from "../ports/trace";

/*
 * Where each delivery a crash cut short stood, read back from the run's stored spans, so that a
 * resumed run goes on with it instead of starting it over. Started over, a message that had
 * failed twice failed twice more (its fault draws are keyed on the attempt number), and every
 * attempt and retry made before the crash counted again: a resumed run's stickies showed more
 * failures than a clean run's of the same seed, and more failures than retries (drawn red).
 *
 * Spans are stored in the order they ended, so a delivery's stored spans are a prefix of its
 * sequence `deliver#1 ✗, retry→2, deliver#2 ✗, retry→3, …`: the last failed attempt stored, and
 * whether the wait after it was stored too (a crash in that wait loses its span), say where to
 * go on. A delivery that ended (handled, or dead-lettered) has no resume point.
 */

/** Where an interrupted delivery of a message to a group stood when the run stopped. */
export interface ResumePoint {
  /** The last attempt stored, which failed. */
  readonly attempt: number;
  readonly error: string;
  /** Its delivery span: the parent of what comes next. */
  readonly spanId: string;
  /** Design time the delivery had taken by the end of that attempt (0 when its span did not say). */
  readonly designMs: number;
  /** The wait before the next attempt, when its span was stored: it is not waited, nor counted, again. */
  readonly waitedMs: number | null;
}

type SpanLike = Pick<Span, "kind" | "status" | "attributes" | "spanId">;

/** Folds stored spans into the resume points of the deliveries they leave unfinished. */
export class ResumePoints {
  private readonly points = new Map<string, ResumePoint>();

  apply(spans: Iterable<SpanLike>): void {
    for (const span of spans) this.applyOne(span);
  }

  /** The resume point of a delivery, once: a later delivery of the message starts afresh. */
  take(group: string, messageId: string, copy: number): ResumePoint | undefined {
    const key = keyOf(group, messageId, copy);
    const point = this.points.get(key);
    this.points.delete(key);
    return point;
  }

  get size(): number {
    return this.points.size;
  }

  private applyOne(span: SpanLike): void {
    const a = span.attributes;
    if (span.kind !== "deliver" && span.kind !== "retry" && span.kind !== "dead-letter") return;
    if (typeof a.group !== "string" || typeof a.messageId !== "string") return;
    // A saga's wait before sending a step again, and an aggregate's attempts, are no broker delivery's.
    if (typeof a.sagaId === "string" || a.direct === true) return;
    const key = keyOf(a.group, a.messageId, typeof a.copy === "number" ? a.copy : 0);
    switch (span.kind) {
      case "deliver":
        if (span.status === "ok") this.points.delete(key);
        else {
          this.points.set(key, {
            attempt: typeof a.attempt === "number" ? a.attempt : 1,
            error: typeof a.error === "string" ? a.error : "",
            spanId: span.spanId,
            designMs: typeof a.designMs === "number" ? a.designMs : 0,
            waitedMs: null,
          });
        }
        return;
      case "retry": {
        const point = this.points.get(key);
        if (point && a.attempt === point.attempt + 1) this.points.set(key, { ...point, waitedMs: typeof a.delayMs === "number" ? a.delayMs : 0 });
        return;
      }
      case "dead-letter":
        this.points.delete(key);
        return;
    }
  }
}

function keyOf(group: string, messageId: string, copy: number): string {
  return `${group}\u0000${messageId}\u0000${copy}`;
}
