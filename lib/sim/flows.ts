/**
 * Work in flight per correlation (everything one entry command causes): outbox rows committed
 * and not yet published, deliveries queued or being handled. A flow is over when its count is
 * back to zero after its entry command was handled, which is when an instance of a run is done:
 * `concurrency` bounds whole flows, sagas included, however their steps travel.
 */
export class Flows {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, (() => void)[]>();

  /** `n` more pieces of work of `correlationId` are in flight. */
  add(correlationId: string, n = 1): void {
    if (n <= 0) return;
    this.counts.set(correlationId, (this.counts.get(correlationId) ?? 0) + n);
  }

  /**
   * `n` pieces of work are done. Work this process never counted (an outbox row written before a
   * restart) is ignored rather than driving the count below zero.
   */
  done(correlationId: string, n = 1): void {
    const count = this.counts.get(correlationId);
    if (count === undefined) return;
    if (count - n > 0) {
      this.counts.set(correlationId, count - n);
      return;
    }
    this.counts.delete(correlationId);
    const waiting = this.waiters.get(correlationId);
    this.waiters.delete(correlationId);
    for (const wake of waiting ?? []) wake();
  }

  /** Resolves when nothing of `correlationId` is in flight. */
  idle(correlationId: string): Promise<void> {
    if (!this.counts.has(correlationId)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(correlationId, [...(this.waiters.get(correlationId) ?? []), resolve]));
  }

  /** Wakes every waiter (a run being abandoned or failing). */
  release(): void {
    const all = [...this.waiters.values()].flat();
    this.waiters.clear();
    for (const wake of all) wake();
  }
}
