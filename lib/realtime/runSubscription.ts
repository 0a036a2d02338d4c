import type { RunEvent } from "../sim/run/simulator";
import type { TraceItem } from "../sim/ports/trace";
import type { RunStatusMessage, TraceMessage } from "./protocol";
import { FINAL_STATUSES, type RunFeed } from "./runFeed";
import { Cancelled } from "./socketGate";

export interface SubscriptionSink {
  trace(msg: TraceMessage): void;
  status(msg: RunStatusMessage): void;
  error(message: string): void;
}

/**
 * What a subscription reads and sends through: its socket's gate (one read queue and backpressure
 * for all the socket's subscriptions). The default lets everything through at once.
 */
export interface SubscriptionGate {
  read<T>(read: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  writable(signal?: AbortSignal): Promise<void>;
  wrote(): void;
}

const OPEN_GATE: SubscriptionGate = {
  read: (read, signal) => (signal?.aborted ? Promise.reject(new Cancelled()) : read()),
  writable: (signal) => (signal?.aborted ? Promise.reject(new Cancelled()) : Promise.resolve()),
  wrote: () => undefined,
};

export interface SubscriptionOptions {
  /** Coalescing window for live spans: one emit per window, never one per span (default 15 ms). */
  coalesceMs?: number;
  /** Spans per catch-up read and per emit (default 2,000). */
  pageSize?: number;
  /** How often to look for new spans of a run driven by another process (default 250 ms). */
  pollMs?: number;
  /**
   * Live spans held while the client cannot take them (default 4 × pageSize). Past this the held
   * spans are dropped and read back from the store later, so a paused client costs no more memory.
   */
  maxLive?: number;
  /** The socket's gate (default: none, everything at once). */
  gate?: SubscriptionGate;
  /**
   * While a backlog of spans drains, the run's live status (counters) still goes out at most this
   * often (default 500 ms): a client catching up on spans would otherwise see counters that hardly
   * move while the run runs on, under a "Live" label. The final status still comes after the spans.
   */
  statusEveryMs?: number;
  /** The clock for `statusEveryMs` (injected by tests). */
  now?: () => number;
}

/**
 * One socket watching one run. It sends exactly the spans after the client's last seq, in seq
 * order, with no gap and no repeat: the stored backlog first (read in pages), then live spans,
 * batched. Live spans are announced as they are recorded, before they are stored, so a live batch
 * that does not follow on from what was sent waits for the store to fill the gap: never skipped.
 */
export class RunSubscription {
  private sent: number;
  private live: TraceItem[] = [];
  private lastStatus: RunStatusMessage | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pumping: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly abort = new AbortController();
  private final = false;
  /** The highest seq announced live: the client is owed everything up to it, live or from the store. */
  private owed = 0;
  /** The store was read since the live buffer last changed: a remaining gap means it lags. */
  private storeTried = false;
  private readonly coalesceMs: number;
  private readonly pageSize: number;
  private readonly pollMs: number;
  private readonly maxLive: number;
  private readonly gate: SubscriptionGate;
  private readonly statusEveryMs: number;
  private readonly now: () => number;
  private statusSent: RunStatusMessage | null = null;
  private statusSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly feed: RunFeed,
    readonly runId: string,
    after: number,
    private readonly sink: SubscriptionSink,
    options: SubscriptionOptions = {},
  ) {
    this.sent = after;
    this.coalesceMs = options.coalesceMs ?? 15;
    this.statusEveryMs = options.statusEveryMs ?? 500;
    this.now = options.now ?? (() => performance.now());
    this.pageSize = options.pageSize ?? 2000;
    this.pollMs = options.pollMs ?? 250;
    this.maxLive = options.maxLive ?? 4 * this.pageSize;
    this.gate = options.gate ?? OPEN_GATE;
  }

  /** The last seq sent to the client (or the client's own `after`). */
  get sentSeq(): number {
    return this.sent;
  }

  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  /**
   * Reads the run's status (unless given), subscribes (live first, so nothing falls between the
   * backlog and the live feed), then catches up. `unknown`: no such run. A subscription closed
   * before or during this sends nothing and holds nothing (`closed`). A failed status read
   * rejects, unless the subscription was closed meanwhile.
   */
  async start(initial?: RunStatusMessage): Promise<"started" | "unknown" | "closed"> {
    let status: RunStatusMessage | null;
    try {
      status = initial ?? (await this.gate.read(() => this.feed.status(this.runId), this.abort.signal));
    } catch (err) {
      if (this.closed) return "closed";
      throw err;
    }
    if (this.closed) return "closed";
    if (!status) return "unknown";
    this.lastStatus = status;
    this.final = FINAL_STATUSES.has(status.status);
    this.unsubscribe = this.final ? null : this.feed.watch(this.runId, (e) => this.onEvent(e));
    await this.pump();
    // A run driven by another process (a CLI run) has no live feed here: poll the store.
    if (!this.unsubscribe && !this.final) this.schedule(this.pollMs);
    return this.closed ? "closed" : "started";
  }

  /** Stops at once: nothing is sent after this, whatever read is still in flight. */
  close(): void {
    if (this.closed) return;
    this.abort.abort();
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.live = [];
  }

  private onEvent(event: RunEvent): void {
    if (this.closed) return;
    if (event.type === "trace") {
      for (const item of event.items) if (item.seq > this.owed) this.owed = item.seq;
      this.live.push(...event.items);
      // A client that cannot keep up: drop what is held; the store has it (or will) and the
      // pump reads it from there once the client drains, so nothing is lost.
      if (this.live.length > this.maxLive) this.live = [];
      this.storeTried = false;
    }
    else {
      this.lastStatus = { runId: event.runId, status: event.status, counters: event.counters, summary: event.summary };
      if (FINAL_STATUSES.has(event.status)) this.final = true;
    }
    this.schedule(this.coalesceMs);
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump().then(() => {
        if (!this.unsubscribe && !this.final && !this.closed) this.schedule(this.pollMs);
      });
    }, ms);
  }

  /** Spans were announced that the client has not been sent yet. */
  private behind(): boolean {
    return this.live.length > 0 || this.owed > this.sent;
  }

  /** Sends whatever the client lacks, then the latest status; one pump at a time. */
  private pump(): Promise<void> {
    this.pumping ??= this.drain().finally(() => {
      this.pumping = null;
    });
    return this.pumping;
  }

  private async drain(): Promise<void> {
    const signal = this.abort.signal;
    try {
      for (;;) {
        if (this.closed) return;
        // Backpressure: nothing more goes out while the client's buffer is full.
        await this.gate.writable(signal);
        const ready = this.takeContiguous();
        if (ready.length > 0) {
          this.emit(ready);
          this.statusWhileDraining();
          continue;
        }
        if (this.behind() && this.storeTried) {
          // Live spans ahead of what the store holds yet (they are announced before they are
          // stored): wait for the store rather than skip the gap.
          this.storeTried = false;
          this.schedule(this.coalesceMs);
          return;
        }
        // Backlog, a gap, or a poll: read the store.
        const page = await this.gate.read(() => this.feed.readTrace(this.runId, this.sent, this.pageSize), signal);
        if (page.length > 0) this.emit(page);
        if (page.length === this.pageSize) {
          this.statusWhileDraining();
          continue;
        }
        this.storeTried = true;
        if (!this.behind()) break;
      }
      this.storeTried = false;
      if (this.final || !this.unsubscribe) this.lastStatus = (await this.gate.read(() => this.feed.status(this.runId), signal)) ?? this.lastStatus;
      if (this.lastStatus && !this.closed) this.sendStatus(this.lastStatus);
      if (this.final && this.lastStatus && FINAL_STATUSES.has(this.lastStatus.status)) {
        // Spans stored after the final status was announced (the sink's last batch) still go out.
        const tail = await this.gate.read(() => this.feed.readTrace(this.runId, this.sent, this.pageSize), signal);
        if (tail.length > 0) this.emit(tail);
        // More than a page was stored after the final status: go on until the store is exhausted.
        if (tail.length === this.pageSize) this.schedule(0);
      }
    } catch (err) {
      if (this.closed || err instanceof Cancelled) return;
      this.sink.error(err instanceof Error ? err.message : String(err));
    }
  }

  /** A running run's newer status, mid-drain, at most every `statusEveryMs` (a final one waits for the spans before it). */
  private statusWhileDraining(): void {
    const status = this.lastStatus;
    if (!status || this.closed || status === this.statusSent || FINAL_STATUSES.has(status.status)) return;
    if (this.now() - this.statusSentAt < this.statusEveryMs) return;
    this.sendStatus(status);
  }

  private sendStatus(status: RunStatusMessage): void {
    this.statusSent = status;
    this.statusSentAt = this.now();
    this.sink.status(status);
  }

  /** Removes from the live buffer what was sent, and returns the run of spans that follows on from it. */
  private takeContiguous(): TraceItem[] {
    this.live = this.live.filter((i) => i.seq > this.sent).sort((a, b) => a.seq - b.seq);
    let n = 0;
    while (n < this.live.length && this.live[n]!.seq === this.sent + 1 + n) n++;
    const ready = this.live.slice(0, n);
    this.live = this.live.slice(n);
    return ready;
  }

  private emit(items: TraceItem[]): void {
    // A read that was in flight when the subscription closed is dropped here.
    if (this.closed) return;
    for (let i = 0; i < items.length; i += this.pageSize) {
      const chunk = items.slice(i, i + this.pageSize);
      this.sink.trace({ runId: this.runId, items: chunk });
    }
    this.sent = items[items.length - 1]!.seq;
    this.gate.wrote();
  }
}

