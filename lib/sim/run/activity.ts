/**
 * Counts the work in flight (queued deliveries, handlers, sagas, relay cycles, entry commands)
 * so a run knows when it has gone quiet. Every `begin` must be matched by its `end`.
 */
export class Activity {
  private count = 0;
  private waiters: (() => void)[] = [];

  get busy(): boolean {
    return this.count > 0;
  }

  /** Marks one piece of work as started; call the returned function (once) when it is done. */
  begin(): () => void {
    this.count++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.count--;
      if (this.count === 0) {
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters) wake();
      }
    };
  }

  /** Runs `work` as one piece of work. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    const end = this.begin();
    try {
      return await work();
    } finally {
      end();
    }
  }

  /** Resolves when nothing is in flight. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Wakes every `idle` waiter without anything having finished (a run being abandoned). */
  release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
