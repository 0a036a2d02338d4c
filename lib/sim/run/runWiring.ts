import { nameKey } from "../../model";
import type { Handled, Notice } from "../broker/notice";
import { encodeNotice } from "../broker/notice";
import { Broker } from "../broker/broker";
import type { DeliveryEnv } from "../broker/deliver";
import type { RunBroker } from "../broker/runBroker";
import { TransportBroker, type TransportBrokerOptions } from "../broker/transportBroker";
import { SimError } from "../errors";
import type { BrokerTransport, ConsumeOptions } from "../ports/transport";
import { subscribeConsumers } from "../broker/consumers";
import { DEFAULT_LEASE_MS, outboxRelay, type RunRelay } from "../broker/relay";
import { RunAbandoned, type RunContext } from "../context";
import { unitDraw } from "../hash";
import type { OutboxMessage } from "../ports/eventStore";
import type { Message, RunRecord, Scenario } from "../ports/records";
import type { RuntimeStore } from "../ports/runtimeStore";
import type { Span, TraceItem, TraceSink } from "../ports/trace";
import { createFaultPlan } from "../scenario/faults";
import type { Topology } from "../topology";
import { Tracer } from "../trace/tracer";
import { StoreTraceSink } from "../trace/traceSink";
import type { Activity } from "./activity";
import { addCounts, counterDelta, type Counters } from "./counters";
import { Flows } from "./flows";
import type { SimulatorDeps } from "./simulatorApi";
import type { Waits } from "./waits";

/*
 * The parts of one run put together: the trace sink and tracer, the broker, the `RunContext`
 * every module of the run receives, the outbox relay, and the board's consumer groups subscribed.
 * The run's life (issuing, quiescing, finishing) is activeRun.ts; this file only builds it. A
 * worker's share of a run (worker.ts) is built here too: the same context and consumer groups,
 * its spans and counts sent to the driver with each delivery's notice, no relay of its own.
 */

/** What the run that is being wired brings: its record, its bookkeeping, and how it lives and fails. */
export interface RunWiringInput {
  readonly deps: SimulatorDeps<unknown>;
  readonly record: RunRecord;
  readonly topology: Topology;
  /** The last span seq already stored for the run (0 for a new run). */
  readonly lastSeq: number;
  readonly counters: Counters;
  readonly activity: Activity;
  readonly flows: Flows;
  /** Latency and backoff waits: a stop or an abandon cuts them short. */
  readonly waits: Waits;
  /** False once the run is abandoned or ended here: work stops at its next step. */
  readonly alive: () => boolean;
  /** A failure of the runtime itself: the run ends in `error`. */
  readonly fail: (err: unknown) => void;
  /** Each span as the sink numbers it, before it is stored (the live graph and the watchers). */
  readonly onRecorded: (item: TraceItem) => void;
  /** On a real broker: consume the consumer groups here (default true; false: worker processes host them). */
  readonly hostGroups?: boolean;
  /** A resumed run: where each delivery the crash cut short stood (broker/resumePoints.ts). */
  readonly resumed?: DeliveryEnv["resumed"];
}

export interface WiredRun {
  readonly ctx: RunContext;
  readonly sink: StoreTraceSink;
  readonly relay: RunRelay;
}

export function wireRun(input: RunWiringInput): WiredRun {
  const { deps, record, counters, flows, fail } = input;
  const store = deps.store as RuntimeStore;
  const options = deps.options ?? {};
  const sink = new StoreTraceSink({
    store,
    scheduler: deps.scheduler,
    runId: record.runId,
    lastSeq: input.lastSeq,
    batchSize: options.traceBatch,
    flushMs: options.traceFlushMs,
    onStored: (items) => {
      counters.spans += items.length;
    },
    onRecorded: input.onRecorded,
    onError: (err) => fail(err),
  });
  // A worker's notice: its spans numbered and stored here, its counts and committed rows taken in, the relay woken for its rows.
  const heard = (notice: Notice) => {
    for (const span of notice.spans) sink.record(span);
    addCounts(counters, notice.counts);
    for (const [correlationId, rows] of notice.flows) flows.add(correlationId, rows);
    // Rows the worker wrote claimed for this relay: published now, without a claim round trip.
    relay.handOver(notice.rows.filter((row) => row.runId === record.runId));
    // Rows written in a transaction are free: claimed by this relay.
    relay.nudge();
  };
  // The relay needs the context and the context the relay: writers reach it through `ctx.relay`,
  // which calls it only once it is made (below).
  const ctx = assemble(input, sink, { hostGroups: input.hostGroups !== false, heard }, {
    nudge: () => relay.nudge(),
    get claimMs() {
      return relay.claimMs;
    },
    handOver: (rows) => relay.handOver(rows),
  });
  const relay: RunRelay = (deps.relay ?? outboxRelay)(ctx, { batchSize: options.relayBatch, leaseMs: options.leaseMs });
  subscribeConsumers(ctx);
  return { ctx, sink, relay };
}

/** What a worker's share of a run is wired from: a run's wiring, without the driver's parts. */
export interface WorkerWiringInput extends Omit<RunWiringInput, "lastSeq" | "onRecorded" | "hostGroups" | "flows"> {
  /** The worker, as its notices name it. */
  readonly worker: string;
  /** The partitions it takes first. */
  readonly share?: ConsumeOptions["share"];
}

/**
 * A worker's share of a run on a real broker: the run's consumer groups, handling what the broker
 * hands this process. It relays nothing: its commits write their outbox rows free, for the
 * driver's relay, and each notice tells the driver how many per correlation (so its flows stay
 * open) along with the spans and counts recorded since the last one.
 */
export function wireWorkerRun(input: WorkerWiringInput): RunContext {
  const spans = new CollectingSink();
  const flows = new TallyingFlows();
  let rows: OutboxMessage[] = [];
  let told = input.counters.snapshot();
  const tell = (handled: Handled) => {
    const now = input.counters.snapshot();
    const counts = counterDelta(now, told);
    told = now;
    const handedOver = rows;
    rows = [];
    return encodeNotice({ v: 1, worker: input.worker, handled: [handled], spans: spans.take(), counts, flows: flows.take(), rows: handedOver });
  };
  // Commits write their rows claimed for the driver's relay, and the notice hands them over.
  const relayPort: RunContext["relay"] = {
    nudge: () => undefined,
    claimMs: input.deps.options?.leaseMs ?? DEFAULT_LEASE_MS,
    handOver: (committed) => void rows.push(...committed),
  };
  const ctx = assemble({ ...input, flows }, spans, { tell, ...(input.share ? { share: input.share } : {}) }, relayPort);
  subscribeConsumers(ctx);
  return ctx;
}

/** A worker's spans, kept until its next notice carries them. */
class CollectingSink implements TraceSink {
  private spans: Span[] = [];
  record(span: Span): void {
    this.spans.push(span);
  }
  async flush(): Promise<void> {}
  take(): Span[] {
    const taken = this.spans;
    this.spans = [];
    return taken;
  }
}

/** A worker's flows: what its commits add is also tallied for its next notice. */
class TallyingFlows extends Flows {
  private added = new Map<string, number>();
  override add(correlationId: string, n = 1): void {
    super.add(correlationId, n);
    if (n > 0) this.added.set(correlationId, (this.added.get(correlationId) ?? 0) + n);
  }
  take(): [string, number][] {
    const taken = [...this.added];
    this.added = new Map();
    return taken;
  }
}

/** The driver's or a worker's part of the broker's options. */
type RoleOptions = Pick<TransportBrokerOptions, "hostGroups" | "heard" | "tell" | "share">;

/** The run's context over `sink`, with its broker (in process, or over the run's real broker). */
function assemble(input: Omit<RunWiringInput, "lastSeq" | "onRecorded" | "resumed"> & Pick<RunWiringInput, "resumed">, sink: TraceSink, role: RoleOptions, relayPort: RunContext["relay"]): RunContext {
  const { deps, record, topology, counters, activity, flows, waits, alive, fail } = input;
  const runId = record.runId;
  const store = deps.store as RuntimeStore;
  const options = deps.options ?? {};
  const tracer = new Tracer(deps.clock, deps.ids, sink);
  const scenario = record.scenario;
  const entry = topology.commands.get(nameKey(scenario.command));
  const owners = entry?.handlers.filter((h) => h.kind === "aggregate").map((h) => h.name) ?? [];
  const wait = (designMs: number) => waits.wait(designMs * scenario.timeScale);
  const brokerOptions = {
    seed: scenario.seed,
    tracer,
    counters,
    activity,
    flows,
    wait,
    maxInFlight: options.maxInFlight,
    extraCopies: (message: Message, group: string) => extraCopies(scenario, message, group),
    alive,
    onError: (err: unknown) => fail(err),
    ...(input.resumed ? { resumed: input.resumed } : {}),
  };
  const transport = scenario.broker === undefined ? null : transportFor(deps, scenario.broker);
  const broker: RunBroker = transport
    ? new TransportBroker({
        ...brokerOptions,
        ...role,
        runId,
        transport,
        channels: topology.delivery.channels.map((c) => c.name),
        // A worker never removes what the run declared: the driver does, when the run ends.
        keep: scenario.keepTopology === true || role.tell !== undefined,
        partitions: options.brokerPartitions,
        sleep: (ms) => deps.scheduler.sleep(ms),
        outageMs: options.brokerOutageMs,
      })
    : new Broker({ ...brokerOptions, partitions: options.partitions });
  return {
    runId,
    topology,
    scenario,
    store,
    clock: deps.clock,
    scheduler: deps.scheduler,
    ids: deps.ids,
    random: deps.random,
    tracer,
    counters,
    activity,
    flows,
    faults: createFaultPlan(scenario),
    broker,
    relay: relayPort,
    versions: new Map(),
    sagaStates: new Map(),
    subjectOwners: owners.length > 0 ? owners : topology.analysis.aggregates.map((a) => a.name),
    wait,
    alive,
    check: () => {
      if (!alive()) throw new RunAbandoned();
    },
    fail: (err) => fail(err),
  };
}

/** The configured broker a run names (SimError when this process has no such broker). */
export function transportFor(deps: Pick<SimulatorDeps<unknown>, "transports">, id: string): BrokerTransport {
  const transport = deps.transports?.find((t) => t.id === id);
  if (transport) return transport;
  const known = (deps.transports ?? []).map((t) => t.id);
  throw new SimError("invalid_scenario", `No broker "${id}" is configured here`, [
    { path: "broker", message: known.length > 0 ? `unknown broker "${id}": this server runs on ${known.join(", ")}, or in process (no broker)` : `unknown broker "${id}": no broker is configured here (STORMFLOW_BROKERS), so runs use the in-process broker` },
  ]);
}

/** How many extra copies of a delivery the scenario's duplicate rate asks for: 0, or 1 or 2. */
function extraCopies(scenario: Scenario, message: Message, group: string): number {
  if (scenario.duplicateRate <= 0) return 0;
  const key = message.headers.logicalKey;
  if (unitDraw(scenario.seed, "duplicate", key, group) >= scenario.duplicateRate) return 0;
  return unitDraw(scenario.seed, "copies", key, group) < 0.5 ? 1 : 2;
}
