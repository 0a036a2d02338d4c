import type { Socket as ServerSocket } from "socket.io";
import type { RealtimeSocket } from "../../realtime/client";
import { serveDocs } from "../../realtime/docSocket";
import type { DocHub } from "../docHub";

type Handler = (...args: unknown[]) => void;

/**
 * socket.io between co-editing sessions and a hub (through the real serveDocs), in memory, with
 * the network in the test's hands: nothing arrives until the test delivers it, in order per
 * connection and direction (as over TCP), and a disconnect loses what was in flight. As
 * socket.io-client does, emits made while disconnected are buffered and sent first on reconnect;
 * an acknowledgement whose connection dropped is never called, or called with an error when the
 * emit had a timeout.
 */
export class MemoryNet {
  readonly links: MemoryLink[] = [];

  constructor(private readonly hub: DocHub) {}

  /** A new client connection (not connected yet: call `connect`). */
  link(name: string): MemoryLink {
    const link = new MemoryLink(this.hub, name);
    this.links.push(link);
    return link;
  }

  /** Messages in flight, all links and directions. */
  inFlight(): number {
    return this.links.reduce((n, l) => n + l.up.length + l.down.length, 0);
  }
}

export class MemoryLink {
  /** Client → server and server → client deliveries, oldest first. */
  up: (() => void)[] = [];
  down: (() => void)[] = [];
  private connectedNow = false;
  private generation = 0;
  private readonly clientHandlers = new Map<string, Set<Handler>>();
  private serverHandlers = new Map<string, Handler>();
  private serverSocket: { id: string; disconnected: boolean } | null = null;
  private buffered: { event: string; msg: unknown; ack?: Handler; withError: boolean }[] = [];
  private readonly timeoutAcks = new Set<Handler>();
  /** The socket as a CoeditSession uses it. */
  readonly socket: RealtimeSocket;

  constructor(
    private readonly hub: DocHub,
    readonly name: string,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the facade's getter reads the link
    const link = this;
    const emit = (withError: boolean) => (event: string, msg: unknown, ack?: Handler) => {
      if (!this.connectedNow) this.buffered.push({ event, msg, ack, withError });
      else this.send(event, msg, ack, withError);
    };
    const facade = {
      get connected() {
        return link.connectedNow;
      },
      on: (event: string, fn: Handler) => {
        const set = this.clientHandlers.get(event) ?? new Set();
        set.add(fn);
        this.clientHandlers.set(event, set);
        return facade;
      },
      off: (event: string, fn: Handler) => {
        this.clientHandlers.get(event)?.delete(fn);
        return facade;
      },
      emit: emit(false),
      timeout: () => ({ emit: emit(true) }),
      connect: () => this.connect(),
      disconnect: () => this.disconnect(),
    };
    this.socket = facade as unknown as RealtimeSocket;
  }

  get connected(): boolean {
    return this.connectedNow;
  }

  /** Connects (a new server-side socket, as socket.io gives on every connection), sends what was buffered, then says "connect". */
  connect(): void {
    if (this.connectedNow) return;
    this.connectedNow = true;
    const generation = ++this.generation;
    const handlers = new Map<string, Handler>();
    this.serverHandlers = handlers;
    const server = {
      id: `${this.name}#${generation}`,
      disconnected: false,
      on: (event: string, fn: Handler) => {
        handlers.set(event, fn);
        return server;
      },
      emit: (event: string, msg: unknown) => {
        if (server.disconnected) return true;
        this.down.push(() => this.fire(event, msg));
        return true;
      },
    };
    this.serverSocket = server;
    serveDocs(server as unknown as ServerSocket, this.hub, { maxBytes: 5 * 1024 * 1024, log: () => undefined });
    for (const b of this.buffered.splice(0)) this.send(b.event, b.msg, b.ack, b.withError);
    this.fire("connect");
  }

  /** Drops the connection: what is in flight is lost, the server side leaves its boards. */
  disconnect(): void {
    if (!this.connectedNow) return;
    this.connectedNow = false;
    this.up = [];
    this.down = [];
    const server = this.serverSocket!;
    server.disconnected = true;
    this.serverHandlers.get("disconnect")?.("transport close");
    for (const ack of [...this.timeoutAcks]) ack(new Error("socket has been disconnected"));
    this.timeoutAcks.clear();
    this.fire("disconnect", "io client disconnect");
  }

  private send(event: string, msg: unknown, ack: Handler | undefined, withError: boolean): void {
    const generation = this.generation;
    let reply: Handler | undefined;
    if (ack) {
      if (withError) this.timeoutAcks.add(ack);
      reply = (answer: unknown) => {
        if (generation !== this.generation || !this.connectedNow) return;
        this.down.push(() => {
          if (withError) {
            if (!this.timeoutAcks.delete(ack)) return;
            ack(null, answer);
          } else ack(answer);
        });
      };
    }
    const handlers = this.serverHandlers;
    this.up.push(() => handlers.get(event)?.(msg, reply));
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const fn of [...(this.clientHandlers.get(event) ?? [])]) fn(...args);
  }
}
