import type { RetryPolicy, Route } from "../../model";
import type { BrokerReport, Message } from "../ports/records";

export type { BrokerReport };
import type { OpenSpan } from "../trace/tracer";

/*
 * What a run's broker is to the rest of the run, whichever carries the messages: the in-process
 * broker (broker.ts) or a real one behind the transport port (transportBroker.ts). Consumer
 * groups subscribe with their handler, retry policy and dead-letter store; the relay publishes;
 * replays and recovery send to one group.
 */

export interface RunBroker {
  /** Subscribes a consumer group to the messages its routes name (channel and type). */
  subscribe(subscriber: Subscriber, routes: readonly Route[]): void;
  /** What the broker runs: each consumer group with its retry policy, DLQ and the messages it takes. */
  registrations(): Registration[];
  /** Deliveries queued and not yet done: what the entry commands slow down for when consumers lag. */
  readonly backlog: number;
  /** The groups subscribed to a message of `type` on `channel`. */
  groupsFor(channel: string, type: string): string[];
  /**
   * Publishes `message` to every group subscribed to its channel and type. The deliveries are
   * accounted for (the run is busy until they are done) before it returns; it resolves once the
   * broker has the message, which is when the outbox may mark it published.
   */
  publish(message: Message): Promise<void>;
  /** False: `publish` has the message once it returns (in process), so nobody need wait for it. */
  readonly confirms: boolean;
  /** Delivers `message` to one group only (a replay from the DLQ, a redelivery after a restart) and tells how it went. */
  send(group: string, message: Message): Promise<DeliveryOutcome>;
  /** Before the first publish: declares what the broker needs (a real broker's streams and queues) and starts consuming. */
  open(fresh: boolean): Promise<void>;
  /** After the run: stops consuming and removes what `open` declared (unless kept). */
  close(): Promise<void>;
  /** What the broker is, for the run's report (null: in process). */
  report(): BrokerReport | null;
}

/** One delivery of one message to one group. */
export interface Delivery {
  readonly attempt: number;
  /** 0 for the original, 1.. for injected duplicates. */
  readonly copy: number;
  /** The delivery span: the parent of what the handler does. */
  readonly span: OpenSpan;
  /** Where the message lands on the board. */
  readonly route: Route;
  /** Design time taken so far by this delivery: earlier attempts' latency and the retry waits. The handler adds its own latency. */
  readonly design: { elapsedMs: number };
}

/** `processed`: the effect was applied; `duplicate`: the message had already been processed, nothing changed. */
export type DeliveryResult = "processed" | "duplicate";

export type ConsumerHandler = (message: Message, delivery: Delivery) => Promise<DeliveryResult>;

/** A consumer group as the broker runs it. */
export interface Subscriber {
  /** As the documents print it (`email-service`). */
  readonly name: string;
  readonly policy: RetryPolicy;
  readonly handler: ConsumerHandler;
  /** Stores a dead letter (and whatever must commit with it). */
  readonly deadLetter: (message: Message, attempts: number, lastError: string, route: Route) => Promise<void>;
}

/** A consumer group as registered: see `Broker.registrations`. */
export interface Registration {
  readonly group: string;
  readonly dlq: string;
  readonly policy: RetryPolicy;
  readonly takes: readonly { readonly channel: string; readonly type: string }[];
}

/** How one delivery ended (what a replay reports). */
export type DeliveryOutcome =
  | { readonly status: DeliveryResult }
  | { readonly status: "dead-lettered"; readonly error: string }
  | { readonly status: "error"; readonly error: string };
