/**
 * Work in flight per correlation (everything one entry command causes): outbox rows committed
 * and not yet published, deliveries queued or being handled. A flow is over when its count is
 * back to zero after its entry command was handled: that is when an instance of a run counts as
 * finished.
 *
 * Counts are signed: the relay may publish a row before its writer, back from the commit, has
 * counted it (two connections, either answer first), and a resumed run publishes rows written
 * before the restart that nobody counted. A `done` ahead of its `add` is a debt the `add` pays;
 * a flow whose count is zero or below is idle.
 */
export class Flows {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, (() => void)[]>();

  /** `n` more pieces of work of `correlationId` are in flight. */
  add(correlationId: string, n = 1): void {
    if (n > 0) this.move(correlationId, n);
  }

  /** `n` pieces of work of `correlationId` are done. */
  done(correlationId: string, n = 1): void {
    if (n > 0) this.move(correlationId, -n);
  }

  /** Resolves when nothing of `correlationId` is in flight. */
  idle(correlationId: string): Promise<void> {
    if ((this.counts.get(correlationId) ?? 0) <= 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(correlationId, [...(this.waiters.get(correlationId) ?? []), resolve]));
  }

  /** Wakes every waiter (a run being abandoned or failing). */
  release(): void {
    const all = [...this.waiters.values()].flat();
    this.waiters.clear();
    for (const wake of all) wake();
  }

  private move(correlationId: string, delta: number): void {
    const count = (this.counts.get(correlationId) ?? 0) + delta;
    if (count === 0) this.counts.delete(correlationId);
    else this.counts.set(correlationId, count);
    if (count > 0) return;
    const waiting = this.waiters.get(correlationId);
    if (!waiting) return;
    this.waiters.delete(correlationId);
    for (const wake of waiting) wake();
  }
}
