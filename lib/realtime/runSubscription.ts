import type { RunEvent } from "../sim/simulator";
import type { TraceItem } from "../sim/ports/trace";
import type { RunStatusMessage, TraceMessage } from "./protocol";
import { FINAL_STATUSES, type RunFeed } from "./runFeed";

export interface SubscriptionSink {
  trace(msg: TraceMessage): void;
  status(msg: RunStatusMessage): void;
  error(message: string): void;
}

export interface SubscriptionOptions {
  /** Coalescing window for live spans: one emit per window, never one per span (default 15 ms). */
  coalesceMs?: number;
  /** Spans per catch-up read and per emit (default 2,000). */
  pageSize?: number;
  /** How often to look for new spans of a run driven by another process (default 250 ms). */
  pollMs?: number;
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
  private closed = false;
  private final = false;
  /** The store was read since the live buffer last changed: a remaining gap means it lags. */
  private storeTried = false;
  private readonly coalesceMs: number;
  private readonly pageSize: number;
  private readonly pollMs: number;

  constructor(
    private readonly feed: RunFeed,
    readonly runId: string,
    after: number,
    private readonly sink: SubscriptionSink,
    options: SubscriptionOptions = {},
  ) {
    this.sent = after;
    this.coalesceMs = options.coalesceMs ?? 15;
    this.pageSize = options.pageSize ?? 2000;
    this.pollMs = options.pollMs ?? 250;
  }

  /** Subscribes (live first, so nothing falls between the backlog and the live feed), then catches up. */
  async start(initial: RunStatusMessage): Promise<void> {
    this.lastStatus = initial;
    this.final = FINAL_STATUSES.has(initial.status);
    this.unsubscribe = this.final ? null : this.feed.watch(this.runId, (e) => this.onEvent(e));
    await this.pump();
    // A run driven by another process (a CLI run) has no live feed here: poll the store.
    if (!this.unsubscribe && !this.final) this.schedule(this.pollMs);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
  }

  private onEvent(event: RunEvent): void {
    if (this.closed) return;
    if (event.type === "trace") {
      this.live.push(...event.items);
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

  /** Sends whatever the client lacks, then the latest status; one pump at a time. */
  private pump(): Promise<void> {
    this.pumping ??= this.drain().finally(() => {
      this.pumping = null;
    });
    return this.pumping;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.closed) return;
        const ready = this.takeContiguous();
        if (ready.length > 0) {
          this.emit(ready);
          continue;
        }
        if (this.live.length > 0 && this.storeTried) {
          // Live spans ahead of what the store holds yet (they are announced before they are
          // stored): wait for the store rather than skip the gap.
          this.storeTried = false;
          this.schedule(this.coalesceMs);
          return;
        }
        // Backlog, a gap, or a poll: read the store.
        const page = await this.feed.readTrace(this.runId, this.sent, this.pageSize);
        if (page.length > 0) this.emit(page);
        if (page.length === this.pageSize) continue;
        this.storeTried = true;
        if (this.live.length === 0) break;
      }
      this.storeTried = false;
      if (this.final || !this.unsubscribe) this.lastStatus = (await this.feed.status(this.runId)) ?? this.lastStatus;
      if (this.lastStatus && !this.closed) this.sink.status(this.lastStatus);
      if (this.final && this.lastStatus && FINAL_STATUSES.has(this.lastStatus.status)) {
        // Spans stored after the final status was announced (the sink's last batch) still go out.
        const tail = await this.feed.readTrace(this.runId, this.sent, this.pageSize);
        if (tail.length > 0) this.emit(tail);
      }
    } catch (err) {
      if (!this.closed) this.sink.error(err instanceof Error ? err.message : String(err));
    }
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
    for (let i = 0; i < items.length; i += this.pageSize) {
      const chunk = items.slice(i, i + this.pageSize);
      this.sink.trace({ runId: this.runId, items: chunk });
    }
    this.sent = items[items.length - 1]!.seq;
  }
}

