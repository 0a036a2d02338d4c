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
 * batched. Live spans are only announced once stored, so whenever a live batch does not follow
 * on from what was sent, the gap is read from the store instead of being skipped.
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
    if (event.type === "trace") this.live.push(...event.items);
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
        const live = this.live;
        this.live = [];
        const fresh = live.filter((i) => i.seq > this.sent);
        if (fresh.length > 0 && fresh[0]!.seq === this.sent + 1 && isContiguous(fresh)) {
          this.emit(fresh);
          continue;
        }
        // Backlog, a gap, or a poll: read the store until caught up.
        const page = await this.feed.readTrace(this.runId, this.sent, this.pageSize);
        if (page.length > 0) this.emit(page);
        if (page.length < this.pageSize && this.live.length === 0) break;
      }
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

  private emit(items: TraceItem[]): void {
    for (let i = 0; i < items.length; i += this.pageSize) {
      const chunk = items.slice(i, i + this.pageSize);
      this.sink.trace({ runId: this.runId, items: chunk });
    }
    this.sent = items[items.length - 1]!.seq;
  }
}

function isContiguous(items: readonly TraceItem[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i]!.seq !== items[i - 1]!.seq + 1) return false;
  return true;
}
