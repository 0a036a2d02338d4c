import type { BufferProbe } from "./engineBuffer";

/** Per-socket limits: what one client can cost the server, whatever it does. */
export interface FlowLimits {
  /** Store reads in flight for one socket at once, all its subscriptions together (default 1). */
  readsPerSocket?: number;
  /** Reading and sending pause while the client's buffer holds more than this (default 1 MiB). */
  highWaterBytes?: number;
  /** The client is disconnected as soon as its buffer holds more than this (default 8 MiB). */
  maxBufferedBytes?: number;
  /** ... or when its buffer stays above the high-water mark this long without a drain (default 20 s). */
  stallMs?: number;
}

export const DEFAULT_FLOW_LIMITS: Required<FlowLimits> = {
  readsPerSocket: 1,
  highWaterBytes: 1 << 20,
  maxBufferedBytes: 8 << 20,
  stallMs: 20_000,
};

/** A wait that ended because its subscription or its socket closed: not an error to report. */
export class Cancelled extends Error {
  readonly code = "cancelled";
  constructor() {
    super("cancelled: the subscription or its socket closed");
  }
}

/** Why a client was cut off: the buffer passed the hard cap, or stayed full with no drain. */
export interface Overflow {
  kind: "buffer" | "stall";
  bytes: number;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * The one door through which a socket's subscriptions read PostgreSQL and send: a small FIFO of
 * store reads (so one socket cannot take the pool, however many watches it sends), and
 * backpressure (nothing is read or sent while the client's buffer is above the high-water mark;
 * it resumes on the transport's drain). A client that lets its buffer pass the hard cap, or stay
 * full with no drain for `stallMs`, overflows: `onOverflow` runs once and the gate closes.
 */
export class SocketGate {
  private readonly limits: Required<FlowLimits>;
  private readonly slots: Waiter[] = [];
  private readonly writers: Waiter[] = [];
  private reading = 0;
  private closed = false;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly detachDrain: () => void;

  constructor(
    private readonly probe: BufferProbe,
    limits: FlowLimits,
    private readonly onOverflow: (overflow: Overflow) => void,
  ) {
    this.limits = { ...DEFAULT_FLOW_LIMITS, ...limits };
    this.detachDrain = probe.onDrain(() => this.onDrain());
  }

  /** Resolves once the client's buffer is below the high-water mark; rejects `Cancelled` on abort or close. */
  writable(signal?: AbortSignal): Promise<void> {
    if (this.closed || signal?.aborted) return Promise.reject(new Cancelled());
    if (this.probe.bytes() < this.limits.highWaterBytes) return Promise.resolve();
    const wait = this.enqueue(this.writers, signal);
    this.armStall();
    return wait;
  }

  /** Runs `read` when the socket's read slot is free and its client's buffer has room. */
  async read<T>(read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.closed || signal?.aborted) throw new Cancelled();
    if (this.reading >= this.limits.readsPerSocket) await this.enqueue(this.slots, signal);
    else this.reading++;
    try {
      await this.writable(signal);
      return await read();
    } finally {
      this.release();
    }
  }

  /** Call after every emit: a buffer past the hard cap overflows at once. */
  wrote(): void {
    if (this.closed) return;
    const bytes = this.probe.bytes();
    if (bytes > this.limits.maxBufferedBytes) this.overflow({ kind: "buffer", bytes });
  }

  /** Cancels every wait; later calls reject `Cancelled`. Reads already running finish on their own. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detachDrain();
    if (this.stallTimer) clearTimeout(this.stallTimer);
    for (const w of [...this.slots.splice(0), ...this.writers.splice(0)]) this.settle(w, new Cancelled());
  }

  /** Waiting reads and sends, for tests and stats. */
  get waiting(): number {
    return this.slots.length + this.writers.length;
  }

  private enqueue(queue: Waiter[], signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          this.settle(waiter, new Cancelled());
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      queue.push(waiter);
    });
  }

  private settle(waiter: Waiter, err?: Error): void {
    if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
    if (err) waiter.reject(err);
    else waiter.resolve();
  }

  /** Hands the slot straight to the next waiting read (FIFO), so a busy socket cannot be overtaken. */
  private release(): void {
    const next = this.slots.shift();
    if (next) this.settle(next);
    else this.reading--;
  }

  private onDrain(): void {
    if (this.closed) return;
    // Progress: the stall clock starts again from this drain.
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (this.probe.bytes() < this.limits.highWaterBytes) {
      for (const w of this.writers.splice(0)) this.settle(w);
    }
    else if (this.writers.length > 0) this.armStall();
  }

  private armStall(): void {
    if (this.stallTimer || this.closed) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      const bytes = this.probe.bytes();
      if (bytes >= this.limits.highWaterBytes) this.overflow({ kind: "stall", bytes });
      else this.onDrain();
    }, this.limits.stallMs);
    // A pending stall check must not keep a closing process alive.
    this.stallTimer.unref?.();
  }

  private overflow(overflow: Overflow): void {
    this.close();
    this.onOverflow(overflow);
  }
}
