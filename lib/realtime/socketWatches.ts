import type { RunFeed } from "./runFeed";
import { RunSubscription, type SubscriptionGate, type SubscriptionOptions, type SubscriptionSink } from "./runSubscription";

/** At most this many runs watched by one socket at once, set-up ones included: a bound on what one client can cost. */
export const MAX_WATCHES_PER_SOCKET = 20;

/** Open subscriptions across every socket of a server: what a test or a health page can read. */
export interface SubscriptionCounter {
  openSubscriptions: number;
}

export type WatchOutcome =
  | { kind: "started" | "closed" }
  | { kind: "unknown" }
  | { kind: "refused"; message: string }
  | { kind: "failed"; cause: unknown };

/**
 * One socket's watches: one subscription per run. Every change to the map is synchronous, so
 * messages that race (ten watches of one run, a watch then an unwatch, a disconnect while a watch
 * is still reading its status) always leave at most one subscription per run, count pending ones
 * against the cap, and close whatever is replaced or dropped, even before its set-up finishes.
 */
export class SocketWatches {
  private readonly subs = new Map<string, RunSubscription>();
  private closed = false;

  constructor(
    private readonly feed: () => RunFeed,
    private readonly gate: SubscriptionGate,
    private readonly sink: (runId: string) => SubscriptionSink,
    private readonly counter: SubscriptionCounter,
    private readonly options: SubscriptionOptions = {},
    private readonly max = MAX_WATCHES_PER_SOCKET,
  ) {}

  /**
   * Starts watching `runId` after `after`, replacing this socket's earlier watch of it. The
   * replacement resumes after what the old one already sent: those spans are on this socket's
   * wire ahead of anything new, so the client gets each seq once, however many watches it sends.
   */
  async watch(runId: string, after: number): Promise<WatchOutcome> {
    if (this.closed) return { kind: "closed" };
    const previous = this.subs.get(runId);
    if (!previous && this.subs.size >= this.max) return { kind: "refused", message: `at most ${this.max} runs can be watched at once` };
    const from = previous ? Math.max(after, previous.sentSeq) : after;
    if (previous) this.drop(runId, previous);
    const sub = new RunSubscription(this.feed(), runId, from, this.sink(runId), { ...this.options, gate: this.gate });
    this.subs.set(runId, sub);
    this.counter.openSubscriptions++;
    try {
      const outcome = await sub.start();
      if (outcome === "unknown") this.drop(runId, sub);
      return { kind: outcome };
    } catch (cause) {
      this.drop(runId, sub);
      return { kind: "failed", cause };
    }
  }

  unwatch(runId: string): void {
    const sub = this.subs.get(runId);
    if (sub) this.drop(runId, sub);
  }

  /** The socket went away: close everything, and refuse what its remaining messages ask. */
  close(): void {
    this.closed = true;
    for (const [runId, sub] of [...this.subs]) this.drop(runId, sub);
  }

  get size(): number {
    return this.subs.size;
  }

  private drop(runId: string, sub: RunSubscription): void {
    if (this.subs.get(runId) === sub) this.subs.delete(runId);
    if (sub.closed) return;
    sub.close();
    this.counter.openSubscriptions--;
  }
}
