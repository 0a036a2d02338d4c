import { nameKey } from "../../model";
import { Broker } from "../broker/broker";
import type { RunBroker } from "../broker/runBroker";
import { TransportBroker } from "../broker/transportBroker";
import { SimError } from "../errors";
import type { BrokerTransport } from "../ports/transport";
import { subscribeConsumers } from "../broker/consumers";
import { outboxRelay, type RunRelay } from "../broker/relay";
import { RunAbandoned, type RunContext } from "../context";
import { unitDraw } from "../hash";
import type { Message, RunRecord, Scenario } from "../ports/records";
import type { RuntimeStore } from "../ports/runtimeStore";
import type { TraceItem } from "../ports/trace";
import { createFaultPlan } from "../scenario/faults";
import type { Topology } from "../topology";
import { Tracer } from "../trace/tracer";
import { StoreTraceSink } from "../trace/traceSink";
import type { Activity } from "./activity";
import type { Counters } from "./counters";
import type { Flows } from "./flows";
import type { SimulatorDeps } from "./simulatorApi";
import type { Waits } from "./waits";

/*
 * The parts of one run put together: the trace sink and tracer, the broker, the `RunContext`
 * every module of the run receives, the outbox relay, and the board's consumer groups subscribed.
 * The run's life (issuing, quiescing, finishing) is activeRun.ts; this file only builds it.
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
}

export interface WiredRun {
  readonly ctx: RunContext;
  readonly sink: StoreTraceSink;
  readonly relay: RunRelay;
}

export function wireRun(input: RunWiringInput): WiredRun {
  const { deps, record, topology, counters, activity, flows, waits, alive, fail } = input;
  const runId = record.runId;
  const store = deps.store as RuntimeStore;
  const options = deps.options ?? {};
  const sink = new StoreTraceSink({
    store,
    scheduler: deps.scheduler,
    runId,
    lastSeq: input.lastSeq,
    batchSize: options.traceBatch,
    flushMs: options.traceFlushMs,
    onStored: (items) => {
      counters.spans += items.length;
    },
    onRecorded: input.onRecorded,
    onError: (err) => fail(err),
  });
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
  };
  const transport = scenario.broker === undefined ? null : transportFor(deps, scenario.broker);
  const broker: RunBroker = transport
    ? new TransportBroker({
        ...brokerOptions,
        runId,
        transport,
        channels: topology.delivery.channels.map((c) => c.name),
        keep: scenario.keepTopology === true,
        partitions: options.brokerPartitions,
        sleep: (ms) => deps.scheduler.sleep(ms),
        outageMs: options.brokerOutageMs,
      })
    : new Broker({ ...brokerOptions, partitions: options.partitions });
  // The relay needs the context and the context the relay: writers reach it through `ctx.relay`,
  // which calls it only once it is made (below).
  const ctx: RunContext = {
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
    relay: {
      nudge: () => relay.nudge(),
      get claimMs() {
        return relay.claimMs;
      },
      handOver: (rows) => relay.handOver(rows),
    },
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
  const relay: RunRelay = (deps.relay ?? outboxRelay)(ctx, { batchSize: options.relayBatch, leaseMs: options.leaseMs });
  subscribeConsumers(ctx);
  return { ctx, sink, relay };
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
