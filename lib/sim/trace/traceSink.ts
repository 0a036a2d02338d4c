import type { RuntimeStore } from "../ports/runtimeStore";
import type { Scheduler } from "../ports/time";
import type { Span, TraceItem, TraceSink } from "../ports/trace";

export interface StoreTraceSinkOptions {
  readonly store: Pick<RuntimeStore, "appendSpans">;
  readonly scheduler: Scheduler;
  readonly runId: string;
  /** The last seq already stored for the run (0 for a new run). */
  readonly lastSeq: number;
  /** Write as soon as this many spans wait (default 500). */
  readonly batchSize?: number;
  /** Otherwise write this long after the first waiting span (default 40 ms). */
  readonly flushMs?: number;
  /** Called with each batch once it is stored, in seq order. */
  readonly onStored?: (items: readonly TraceItem[]) => void;
  /**
   * Called with each span as it is numbered, before it is stored: the live view's feed, so what a
   * user watches does not wait on the database (a reader that resumes reads the store, which
   * catches up; see lib/realtime/runSubscription.ts).
   */
  readonly onRecorded?: (item: TraceItem) => void;
  /** Called when a batch could not be stored. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The trace sink that stores spans: numbers each span as it is recorded (1, 2, 3, … per run,
 * continuing after `lastSeq`) and writes them in batches, never one INSERT per span, one batch
 * at a time so they are stored (and announced) in seq order.
 */
export class StoreTraceSink implements TraceSink {
  private seq: number;
  private buffer: TraceItem[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer = false;
  private discarded = false;
  private readonly batchSize: number;
  private readonly flushMs: number;

  constructor(private readonly options: StoreTraceSinkOptions) {
    this.seq = options.lastSeq;
    this.batchSize = options.batchSize ?? 500;
    this.flushMs = options.flushMs ?? 40;
  }

  /** The seq of the last span recorded. */
  get lastSeq(): number {
    return this.seq;
  }

  record(span: Span): void {
    if (this.discarded) return;
    const item: TraceItem = { seq: ++this.seq, ...span };
    this.buffer.push(item);
    this.options.onRecorded?.(item);
    if (this.buffer.length >= this.batchSize) void this.flush();
    else if (!this.timer) {
      this.timer = true;
      void this.options.scheduler.sleep(this.flushMs).then(() => {
        this.timer = false;
        return this.flush();
      });
    }
  }

  flush(): Promise<void> {
    if (this.buffer.length > 0 && !this.discarded) {
      const batch = this.buffer;
      this.buffer = [];
      this.writing = this.writing.then(async () => {
        if (this.discarded) return;
        try {
          await this.options.store.appendSpans(this.options.runId, batch);
          this.options.onStored?.(batch);
        } catch (err) {
          this.options.onError?.(err);
        }
      });
    }
    return this.writing;
  }

  /** Drops what is not yet stored and records nothing more (a crash, in tests). */
  discard(): void {
    this.discarded = true;
    this.buffer = [];
  }
}
