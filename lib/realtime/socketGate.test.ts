import { describe, expect, it, vi } from "vitest";
import type { BufferProbe } from "./engineBuffer";
import { Cancelled, SocketGate, type Overflow } from "./socketGate";

/** A client buffer the test fills and drains by hand. */
function fakeProbe() {
  const listeners = new Set<() => void>();
  const probe = {
    buffered: 0,
    bytes: () => probe.buffered,
    onDrain(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drain(to = 0) {
      probe.buffered = to;
      for (const l of listeners) l();
    },
    get listeners() {
      return listeners.size;
    },
  };
  return probe satisfies BufferProbe;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("SocketGate", () => {
  it("runs one read at a time per socket, in the order asked", async () => {
    const gate = new SocketGate(fakeProbe(), { readsPerSocket: 1 }, () => undefined);
    const order: string[] = [];
    let inFlight = 0;
    let most = 0;
    const read = (name: string) => gate.read(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      order.push(name);
      await tick();
      inFlight--;
      return name;
    });
    expect(await Promise.all(["a", "b", "c", "d"].map(read))).toEqual(["a", "b", "c", "d"]);
    expect(order).toEqual(["a", "b", "c", "d"]);
    expect(most).toBe(1);
  });

  it("a read cancelled while queued never runs, and frees its place", async () => {
    const gate = new SocketGate(fakeProbe(), {}, () => undefined);
    let release!: () => void;
    const first = gate.read(() => new Promise<string>((r) => (release = () => r("first"))));
    const aborted = new AbortController();
    const ran: string[] = [];
    const second = gate.read(async () => ran.push("second"), aborted.signal);
    const third = gate.read(async () => ran.push("third"));
    aborted.abort();
    await expect(second).rejects.toBeInstanceOf(Cancelled);
    release();
    expect(await first).toBe("first");
    await third;
    expect(ran).toEqual(["third"]);
    expect(gate.waiting).toBe(0);
  });

  it("holds reads and sends while the client's buffer is above the high-water mark, and lets them go on drain", async () => {
    const probe = fakeProbe();
    const gate = new SocketGate(probe, { highWaterBytes: 100 }, () => undefined);
    probe.buffered = 150;
    let read = false;
    let writable = false;
    const r = gate.read(async () => (read = true));
    void gate.writable().then(() => (writable = true));
    await tick();
    expect([read, writable]).toEqual([false, false]);
    probe.drain(120); // drained, but refilled above the mark before anyone could send
    await tick();
    expect([read, writable]).toEqual([false, false]);
    probe.drain(0);
    await r;
    await tick();
    expect([read, writable]).toEqual([true, true]);
  });

  it("overflows at once past the hard cap, once, and cancels every wait", async () => {
    const probe = fakeProbe();
    const overflows: Overflow[] = [];
    const gate = new SocketGate(probe, { highWaterBytes: 100, maxBufferedBytes: 1000 }, (o) => overflows.push(o));
    probe.buffered = 500;
    const waiting = gate.writable();
    gate.wrote();
    expect(overflows).toEqual([]);
    probe.buffered = 1001;
    gate.wrote();
    gate.wrote();
    expect(overflows).toEqual([{ kind: "buffer", bytes: 1001 }]);
    await expect(waiting).rejects.toBeInstanceOf(Cancelled);
    await expect(gate.read(async () => 1)).rejects.toBeInstanceOf(Cancelled);
    expect(probe.listeners).toBe(0);
  });

  it("overflows when the buffer stays above the mark with no drain for stallMs; a drain restarts the clock", async () => {
    vi.useFakeTimers();
    try {
      const probe = fakeProbe();
      const overflows: Overflow[] = [];
      const gate = new SocketGate(probe, { highWaterBytes: 100, stallMs: 1000 }, (o) => overflows.push(o));
      probe.buffered = 300;
      const waiting = gate.writable().catch((e: unknown) => e);
      vi.advanceTimersByTime(900);
      probe.drain(250); // some progress: still above the mark
      vi.advanceTimersByTime(900);
      expect(overflows).toEqual([]);
      vi.advanceTimersByTime(200);
      expect(overflows).toEqual([{ kind: "stall", bytes: 250 }]);
      expect(await waiting).toBeInstanceOf(Cancelled);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a slow client that drains is never cut off", async () => {
    vi.useFakeTimers();
    try {
      const probe = fakeProbe();
      const overflows: Overflow[] = [];
      const gate = new SocketGate(probe, { highWaterBytes: 100, stallMs: 1000 }, (o) => overflows.push(o));
      for (let i = 0; i < 20; i++) {
        probe.buffered = 500;
        const w = gate.writable();
        vi.advanceTimersByTime(800);
        probe.drain(0);
        await w;
      }
      vi.advanceTimersByTime(5000);
      expect(overflows).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
