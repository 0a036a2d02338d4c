/**
 * The design-time waits of one run (latency faults, retry backoff), each a scheduler sleep that
 * a stop cuts short. Without this a stopped run waited out what was in flight: a latency fault of
 * an hour at time scale 10 held a "stopped" run, and its slot, for ten hours. Cutting a wait short
 * changes no outcome: a saga step's timeout is judged on design time, not on the wait.
 */
export class Waits {
  private readonly pending = new Set<() => void>();
  private cut = false;

  constructor(private readonly sleep: (ms: number) => Promise<void>) {}

  /** Sleeps `ms` of real time, or less if the run is cut short meanwhile; nothing once it was. */
  wait(ms: number): Promise<void> {
    if (ms <= 0 || this.cut) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (this.pending.delete(done)) resolve();
      };
      this.pending.add(done);
      void this.sleep(ms).then(done);
    });
  }

  /** Ends every wait now, and every later one at once. */
  cutShort(): void {
    this.cut = true;
    for (const done of [...this.pending]) done();
  }

  /** Waits under way (tests). */
  get size(): number {
    return this.pending.size;
  }
}
