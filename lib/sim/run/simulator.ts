import { isModelError, nameKey, parseBoard, type Board } from "../../model";
import { Activity } from "./activity";
import { Broker, type Registration } from "../broker/broker";
import { subscribeConsumers } from "../broker/consumers";
import { RunAbandoned, type RunContext } from "../context";
import { Counters, emptyCounters } from "./counters";
import { SimError, errorText, isSimError } from "../errors";
import { createFaultPlan } from "../scenario/faults";
import { Flows } from "./flows";
import { Waits } from "./waits";
import { RunGraphFold, graphTotals } from "../trace/graph";
import { unitDraw } from "../hash";
import { runInstance } from "../commands/instances";
import { checkInvariants } from "./invariants";
import type { Ids } from "../ports/ids";
import type { Random } from "../ports/random";
import type { DeadLetter, Message, RunCounters, RunGraph, RunRecord, RunStatus, RunSummary, Scenario } from "../ports/records";
import type { RuntimeStore } from "../ports/runtimeStore";
import type { Clock, Scheduler } from "../ports/time";
import type { TraceItem } from "../ports/trace";
import { messageOf, outboxRelay, type RelayFactory, type RunRelay } from "../broker/relay";
import { normalizeScenario, prepareScenario, type PreparedRun } from "../scenario/scenario";
import { buildTopology, type Topology } from "../topology";
import { Tracer } from "../trace/tracer";
import { StoreTraceSink } from "../trace/traceSink";

export interface SimulatorDeps<Tx = unknown> {
  readonly store: RuntimeStore<Tx>;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly ids: Ids;
  /** Not used for outcomes or waits (those are drawn from each run's seed); kept for adapters that want one. */
  readonly random: Random;
  readonly options?: SimulatorOptions;
  readonly observer?: RunObserver;
  /** How a run's outbox rows reach its broker (default: the outbox relay, broker/relay.ts). */
  readonly relay?: RelayFactory;
}

export interface SimulatorOptions {
  /** Outbox claim lease (default 10 s): how long rows claimed by a relay that died stay unpublished. */
  readonly leaseMs?: number;
  /** Outbox rows per claim (default 500). */
  readonly relayBatch?: number;
  /** Partitions per topic (default 32). */
  readonly partitions?: number;
  /** Handlers in flight at once per run (default 48). */
  readonly maxInFlight?: number;
  /** How often a running run stores its counters and heartbeat (default 1 s). */
  readonly heartbeatMs?: number;
  /** How often watchers get a `status` event with the counters while a run goes (default 250 ms). */
  readonly statusMs?: number;
  /** Deliveries queued before entry commands wait for the consumers (default 20,000). */
  readonly maxBacklog?: number;
  /**
   * Instances issued and not finished (their flows, sagas included, still going) before entry
   * commands wait (default 64 × the run's concurrency): what bounds a run's memory, and what a
   * stop leaves to finish.
   */
  readonly openFlowsPerConcurrency?: number;
  /**
   * A run whose heartbeat is older than this is taken to be interrupted even though its owner
   * looks alive (a hung process; default 15 s). A run whose owner is gone is taken at once.
   */
  readonly staleAfterMs?: number;
  /** Spans per INSERT, and how long a span may wait for its batch (defaults 500, 40 ms). */
  readonly traceBatch?: number;
  readonly traceFlushMs?: number;
}

/** Hooks for benchmarks and tests. */
export interface RunObserver {
  /** An entry command's flow (everything it caused, its sagas included) is done. */
  instanceFinished?(runId: string, instance: number, durationMs: number): void;
}

/** What a run's watchers receive: stored spans in seq order, and status with counters. */
export type RunEvent =
  | { readonly type: "trace"; readonly runId: string; readonly items: readonly TraceItem[] }
  | { readonly type: "status"; readonly runId: string; readonly status: RunStatus; readonly counters: RunCounters; readonly summary: RunSummary | null };

/** How a run ended in this process: `running` means it was abandoned (a crash) and can be resumed. */
export interface RunResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly summary: RunSummary | null;
  readonly error: string | null;
}

export interface RunHandle {
  readonly runId: string;
  status(): RunStatus;
  counters(): RunCounters;
  /** The run drawn on its board so far (see trace/graph.ts). */
  graph(): RunGraph;
  /** The consumer groups the run's broker registered, with their policies and what they take. */
  registrations(): readonly Registration[];
  /** Resolves when the run ends here (finished, failed, stopped, errored or abandoned). */
  readonly done: Promise<RunResult>;
  /** Subscribes to the run's stored spans and status; returns the unsubscribe. */
  watch(listener: (event: RunEvent) => void): () => void;
  /** Issues no more entry commands; what is in flight finishes, invariants are checked, status `stopped`. */
  stop(): void;
}

export interface StartOptions {
  readonly boardId?: string | null;
}

export interface ReplayReport {
  readonly runId: string;
  readonly messageId: string;
  readonly results: readonly { readonly consumerGroup: string; readonly status: "ok" | "error"; readonly error: string | null }[];
}

export interface Simulator {
  /** Checks a run request against a board (throws SimError); nothing is stored. */
  prepare(board: Board, request: unknown): PreparedRun;
  /** Checks, stores the run record, and starts the run in the background. */
  start(board: Board, request: unknown, options?: StartOptions): Promise<RunHandle>;
  /** Continues a run that a crash interrupted (status still `running`): sagas, outbox, undelivered messages, entry commands. */
  resume(runId: string): Promise<RunHandle>;
  /**
   * Claims an interrupted run (its owner is gone, or its heartbeat is stale) and resumes it here;
   * null when another live owner drives it. The run this process drives already is returned as is.
   */
  takeOver(runId: string): Promise<RunHandle | null>;
  /** Takes over every run that is resumable (its owner gone, its heartbeat stale, or ours and not driven); returns their ids. */
  resumeStale(): Promise<string[]>;
  /** The run if this process is driving it. */
  active(runId: string): RunHandle | undefined;
  /** Delivers a dead-lettered message again to the groups that gave up on it, with the same message id. */
  replayDeadLetter(runId: string, messageId: string): Promise<ReplayReport>;
  /**
   * Every active run stops where it is, as if the process died (nothing more is written): a
   * crash in tests, or a server shutting down. The runs stay `running` and resume later.
   */
  abandon(): void;
  /** Abandons every active run as `abandon` does, then stores each one's counters (a server shutting down). */
  suspend(): Promise<void>;
  /** Stops issuing commands in every active run and waits for them to end. */
  close(): Promise<void>;
}

/**
 * A stored run as this version runs it: its board migrated to the current schema (a run stored
 * before v2 holds a v1 board) and its scenario normalised.
 */
function loaded(record: RunRecord): { record: RunRecord; topology: Topology } {
  const board = parseBoard(record.board);
  const topology = buildTopology(board);
  return { record: { ...record, board, scenario: normalizeScenario(record.scenario, topology) }, topology };
}

/** Runs one process drives at once (started or resumed); a start past it is refused. */
export const MAX_ACTIVE_RUNS = 10;

export function createSimulator<Tx>(deps: SimulatorDeps<Tx>): Simulator {
  const runs = new Map<string, ActiveRun>();
  /** `runId/messageId` of the replays under way: a second one at once is refused, not run twice. */
  const replaying = new Set<string>();
  // Runs being stored or loaded: a sweep must not take them for interrupted ones meanwhile.
  const starting = new Set<string>();
  const resuming = new Map<string, Promise<RunHandle>>();
  const store = deps.store as RuntimeStore;
  const iso = (ms: number) => new Date(ms).toISOString();
  const track = (run: ActiveRun) => {
    runs.set(run.runId, run);
    void run.done.finally(() => {
      if (runs.get(run.runId) === run) runs.delete(run.runId);
    });
    return run;
  };

  /** Delivers a dead letter again to each group that gave up on it; `replayDeadLetter` serialises calls. */
  async function replayOnce(runId: string, messageId: string): Promise<ReplayReport> {
    const letters = (await store.listDeadLetters(runId, messageId)).filter((d) => d.replayStatus !== "ok");
    if (letters.length === 0) {
      const any = await store.listDeadLetters(runId, messageId);
      if (any.length > 0) throw new SimError("conflict", `Message ${messageId} of run ${runId} was already replayed successfully`);
      throw new SimError("not_found", `Run ${runId} has no dead letter for message "${messageId}"`);
    }
    let run = runs.get(runId);
    let own = false;
    if (!run) {
      const stored = await store.getRun(runId);
      if (!stored) throw new SimError("not_found", `No run with id "${runId}"`);
      const { record, topology } = loaded(stored);
      // A finished run's faults are over: a replay is the delivery once the cause was fixed.
      run = new ActiveRun(deps, { ...record, scenario: { ...record.scenario, faults: [] } }, topology, await store.lastSpanSeq(runId));
      own = true;
    }
    const results = await run.replay(letters);
    if (own) await run.settleReplay();
    return { runId, messageId, results };
  }

  const simulator: Simulator = {
    prepare: (board, request) => prepareScenario(board, request, { seed: deps.ids.uuid() }),

    async start(board, request, options = {}) {
      const prepared = simulator.prepare(board, request);
      // Each run takes a share of two cores and a database pool: past the cap, a new one waits its turn.
      if (runs.size >= MAX_ACTIVE_RUNS) {
        throw new SimError("too_many_runs", `${runs.size} runs are going already, the most one server drives at once: stop one or wait for one to end`);
      }
      const runId = deps.ids.uuid();
      const now = new Date(deps.clock.now()).toISOString();
      const record: RunRecord = {
        runId,
        boardId: options.boardId ?? null,
        boardName: board.name,
        board,
        scenario: prepared.scenario,
        status: "running",
        counters: emptyCounters(),
        summary: null,
        error: null,
        createdAt: now,
        finishedAt: null,
        heartbeatAt: now,
      };
      starting.add(runId);
      try {
        await store.createRun(record);
      } finally {
        starting.delete(runId);
      }
      const run = track(new ActiveRun(deps, record, prepared.topology, 0));
      run.begin("new");
      return run;
    },

    resume(runId) {
      const existing = runs.get(runId) ?? resuming.get(runId);
      if (existing) return Promise.resolve(existing);
      const loading = (async () => {
        const stored = await store.getRun(runId);
        if (!stored) throw new SimError("not_found", `No run with id "${runId}"`);
        if (stored.status !== "running") throw new SimError("invalid_scenario", `Run ${runId} already ended (${stored.status}); only an interrupted run can be resumed`);
        // The sagas as stored, not as the last heartbeat counted them: sagas that started after
        // it would otherwise end uncounted-as-started, and the counters show more ended than started.
        const sagas = await store.countSagas(runId);
        const { record, topology } = loaded({ ...stored, counters: { ...stored.counters, sagas } });
        const run = track(new ActiveRun(deps, record, topology, await store.lastSpanSeq(runId)));
        await run.seedGraph();
        run.begin("resume");
        return run;
      })();
      resuming.set(runId, loading);
      void loading.then(
        () => resuming.delete(runId),
        () => resuming.delete(runId),
      );
      return loading;
    },

    async takeOver(runId) {
      const existing = runs.get(runId) ?? resuming.get(runId);
      if (existing) return existing;
      const now = deps.clock.now();
      if (!(await store.claimRun(runId, iso(now - (deps.options?.staleAfterMs ?? 15_000)), iso(now)))) return null;
      return simulator.resume(runId);
    },

    async resumeStale() {
      const staleBefore = deps.clock.now() - (deps.options?.staleAfterMs ?? 15_000);
      const candidates = (await store.resumableRuns(iso(staleBefore))).filter((id) => !runs.has(id) && !resuming.has(id) && !starting.has(id));
      const resumed: string[] = [];
      let failure: unknown = null;
      for (const runId of candidates) {
        // Started or resumed here since the list was read: not an interrupted run.
        if (runs.has(runId) || resuming.has(runId)) continue;
        try {
          if (await simulator.takeOver(runId)) resumed.push(runId);
        } catch (err) {
          // A run whose stored board this version refuses can never be resumed: it ends `error`
          // saying why, instead of tripping every sweep. Others go on regardless.
          if (isModelError(err) || (isSimError(err) && err.code === "invalid_board")) {
            const at = iso(deps.clock.now());
            await store.updateRun(runId, { status: "error", error: `could not resume: ${errorText(err)}`, finishedAt: at, heartbeatAt: at });
          } else failure ??= err;
        }
      }
      if (failure !== null) throw failure;
      return resumed;
    },

    active: (runId) => runs.get(runId),

    async replayDeadLetter(runId, messageId) {
      const key = `${runId}/${messageId}`;
      // Claimed before the first await: of two replays sent at once, exactly one runs.
      if (replaying.has(key)) throw new SimError("conflict", `Message ${messageId} of run ${runId} is being replayed already`);
      replaying.add(key);
      try {
        return await replayOnce(runId, messageId);
      } finally {
        replaying.delete(key);
      }
    },

    abandon() {
      for (const run of runs.values()) run.abandon();
      runs.clear();
    },

    async suspend() {
      const active = [...runs.values()];
      simulator.abandon();
      await Promise.allSettled(active.map((run) => run.storeCounters()));
    },

    async close() {
      const active = [...runs.values()];
      for (const run of active) run.stop();
      await Promise.all(active.map((run) => run.done));
    },
  };
  return simulator;
}

/** One run being driven by this process. */
class ActiveRun implements RunHandle {
  readonly runId: string;
  readonly done: Promise<RunResult>;
  private resolveDone!: (result: RunResult) => void;
  private readonly ctx: RunContext;
  private readonly store: RuntimeStore;
  private readonly tally: Counters;
  private readonly activity = new Activity();
  private readonly flows = new Flows();
  private readonly graphFold = new RunGraphFold();
  private readonly sink: StoreTraceSink;
  private readonly relay: RunRelay;
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private state: RunStatus = "running";
  private alive = true;
  private stopping = false;
  private failure: unknown = null;
  /** Latency and backoff waits: a stop or an abandon cuts them short. */
  private readonly waits: Waits;
  private readonly startedAt: number;

  constructor(
    private readonly deps: SimulatorDeps<unknown>,
    private readonly record: RunRecord,
    topology: Topology,
    lastSeq: number,
  ) {
    this.runId = record.runId;
    this.waits = new Waits((ms) => deps.scheduler.sleep(ms));
    this.store = deps.store as RuntimeStore;
    this.tally = new Counters(record.counters);
    this.startedAt = deps.clock.now();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    const options = deps.options ?? {};
    this.sink = new StoreTraceSink({
      store: this.store,
      scheduler: deps.scheduler,
      runId: this.runId,
      lastSeq,
      batchSize: options.traceBatch,
      flushMs: options.traceFlushMs,
      onStored: (items) => {
        this.tally.spans += items.length;
      },
      onRecorded: (item) => {
        this.graphFold.apply([item]);
        this.emit({ type: "trace", runId: this.runId, items: [item] });
      },
      onError: (err) => this.fail(err),
    });
    const tracer = new Tracer(deps.clock, deps.ids, this.sink);
    const scenario = record.scenario;
    const entry = topology.commands.get(nameKey(scenario.command));
    const owners = entry?.handlers.filter((h) => h.kind === "aggregate").map((h) => h.name) ?? [];
    const wait = (designMs: number) => this.waits.wait(designMs * scenario.timeScale);
    const broker = new Broker({
      seed: scenario.seed,
      tracer,
      counters: this.tally,
      activity: this.activity,
      flows: this.flows,
      wait,
      partitions: options.partitions,
      maxInFlight: options.maxInFlight,
      extraCopies: (message, group) => extraCopies(scenario, message, group),
      alive: () => this.alive,
      onError: (err) => this.fail(err),
    });
    const relay = () => this.relay;
    const ctx: RunContext = {
      runId: this.runId,
      topology,
      scenario,
      store: this.store,
      clock: deps.clock,
      scheduler: deps.scheduler,
      ids: deps.ids,
      random: deps.random,
      tracer,
      counters: this.tally,
      activity: this.activity,
      flows: this.flows,
      faults: createFaultPlan(scenario),
      broker,
      relay: {
        nudge: () => this.relay.nudge(),
        get claimMs() {
          return relay().claimMs;
        },
        handOver: (rows) => this.relay.handOver(rows),
      },
      versions: new Map(),
      sagaStates: new Map(),
      subjectOwners: owners.length > 0 ? owners : topology.analysis.aggregates.map((a) => a.name),
      wait,
      alive: () => this.alive,
      check: () => {
        if (!this.alive) throw new RunAbandoned();
      },
      fail: (err) => this.fail(err),
    };
    this.ctx = ctx;
    this.relay = (deps.relay ?? outboxRelay)(ctx, { batchSize: options.relayBatch, leaseMs: options.leaseMs });
    subscribeConsumers(ctx);
  }

  status(): RunStatus {
    return this.state;
  }

  counters(): RunCounters {
    return this.tally.snapshot();
  }

  graph(): RunGraph {
    return this.graphFold.snapshot();
  }

  registrations(): readonly Registration[] {
    return this.ctx.broker.registrations();
  }

  /** A resumed run draws on what its spans stored before the crash. */
  async seedGraph(): Promise<void> {
    for (let after = 0; ; ) {
      const page = await this.store.readSpans(this.runId, after, 5_000);
      if (page.length === 0) return;
      this.graphFold.apply(page);
      after = page.at(-1)!.seq;
    }
  }

  watch(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopping = true;
    // What is in flight finishes now, not after its design time (an hour's latency fault).
    this.waits.cutShort();
  }

  /** Stores the counters and a heartbeat (the run was suspended: what the next driver starts from). */
  async storeCounters(): Promise<void> {
    await this.store.beat(this.runId, this.tally.snapshot(), new Date(this.deps.clock.now()).toISOString());
  }

  abandon(): void {
    if (!this.alive) return;
    this.alive = false;
    this.sink.discard();
    this.activity.release();
    this.flows.release();
    this.resolveDone({ runId: this.runId, status: "running", summary: null, error: null });
  }

  /** Starts driving the run in the background. */
  begin(mode: "new" | "resume"): void {
    // A resumed run issues every entry command again (each is idempotent), so it counts them again,
    // above what it had counted (Counters.restartInstances).
    if (mode === "resume") this.tally.restartInstances();
    void this.execute(mode);
  }

  private async execute(mode: "new" | "resume"): Promise<void> {
    void this.heartbeat();
    try {
      if (mode === "resume") await this.recover();
      this.relay.nudge();
      await this.issueInstances(mode === "new");
      await this.quiesce();
      // A run taken over from an owner that was still going (it looked hung) may have messages
      // that owner published after this one's recovery read them, and dropped when it let go: one
      // more pass delivers what no group processed, until a pass finds nothing.
      for (let pass = 0; mode === "resume" && pass < 5 && this.alive && this.failure === null && (await this.recover()) > 0; pass++) await this.quiesce();
      if (!this.alive) return;
      await this.finish();
    } catch (err) {
      if (!(err instanceof RunAbandoned)) this.fail(err);
    }
    if (this.failure !== null) await this.finishWithError();
  }

  /**
   * Issues the entry commands, `concurrency` at a time: an entry command is in flight until it is
   * handled; what it causes downstream (events, sagas) flows on in the broker while the next ones
   * are issued, as a load generator keeps a number of requests open. While the consumers lag far
   * behind (`maxBacklog` deliveries queued), or too many flows are unfinished (64 × concurrency),
   * issuing waits, so a long run's queues and sagas in flight stay bounded.
   * An instance counts as finished when its whole flow is done (see `Flows`). A resumed run
   * re-issues every entry command: each is idempotent.
   */
  private async issueInstances(fresh: boolean): Promise<void> {
    const { count, concurrency } = this.record.scenario;
    const maxBacklog = this.deps.options?.maxBacklog ?? 20_000;
    const maxOpen = concurrency * (this.deps.options?.openFlowsPerConcurrency ?? 64);
    let next = 0;
    const worker = async () => {
      while (this.alive && !this.stopping && this.failure === null) {
        while ((this.ctx.broker.backlog > maxBacklog || this.tally.instances.issued - this.tally.instances.finished >= maxOpen) && this.alive && !this.stopping) {
          await this.deps.scheduler.sleep(5);
        }
        if (this.stopping) return;
        const instance = next++;
        if (instance >= count) return;
        this.tally.instances.issued = Math.max(this.tally.instances.issued, instance + 1);
        const started = this.deps.clock.now();
        const correlationId = await this.activity.track(() => runInstance(this.ctx, instance, { fresh }));
        // The flow is work in flight too: the run is quiet only once every flow is done.
        const end = this.activity.begin();
        void this.flows.idle(correlationId).then(() => {
          end();
          if (!this.alive) return;
          this.tally.instances.finished++;
          this.deps.observer?.instanceFinished?.(this.runId, instance, this.deps.clock.now() - started);
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  }

  /** Waits until nothing is in flight and the run's outbox is empty. */
  private async quiesce(): Promise<void> {
    for (;;) {
      await this.activity.idle();
      if (!this.alive || this.failure !== null) return;
      await this.relay.drain();
      if (this.activity.busy) continue;
      const unpublished = await this.store.events.outbox.countUnpublished({ runId: this.runId });
      if (unpublished === 0 && !this.activity.busy) return;
      // Rows still claimed by a relay that died: they are free once its lease ends.
      await this.deps.scheduler.sleep(Math.min(this.deps.options?.leaseMs ?? 10_000, 250));
    }
  }

  /** Checks the invariants, stores the summary and ends the run. */
  private async finish(): Promise<void> {
    await this.sink.flush();
    const report = await checkInvariants({
      runId: this.runId,
      topology: this.ctx.topology,
      store: this.store,
      scheduler: this.deps.scheduler,
      duplicatesSkipped: this.tally.events.duplicatesSkipped,
    });
    // Figures a crash could have skewed come from the store; retries from the spans, as the graph counts them.
    const graph = this.graphFold.snapshot();
    this.tally.sagas = { ...report.sagas };
    this.tally.events.appended = report.appended;
    this.tally.events.published = report.published;
    this.tally.events.deadLettered = report.deadLettered;
    this.tally.events.retried = graphTotals(graph).retried;
    const ok = report.invariants.every((i) => i.ok);
    const status: RunStatus = !ok ? "failed" : this.stopping ? "stopped" : "completed";
    const counters = this.tally.snapshot();
    const scenario = this.record.scenario;
    const summary: RunSummary = {
      runId: this.runId,
      command: scenario.command,
      count: scenario.count,
      seed: scenario.seed,
      status,
      commands: counters.commands,
      sagas: counters.sagas,
      events: counters.events,
      messages: report.messages,
      concurrencyConflicts: counters.concurrencyConflicts,
      invariants: report.invariants,
      durationMs: Math.round(this.deps.clock.now() - Date.parse(this.record.createdAt)),
      graph,
    };
    await this.sink.flush();
    const finishedAt = new Date(this.deps.clock.now()).toISOString();
    // Taken over meanwhile (this driver looked hung): the new owner ends the run, from the whole of
    // it; this one's view may be short of what the other has still in flight.
    if (!(await this.store.beat(this.runId, this.tally.snapshot(), finishedAt))) {
      this.abandon();
      return;
    }
    await this.store.updateRun(this.runId, { status, counters: this.tally.snapshot(), summary, finishedAt, heartbeatAt: finishedAt });
    this.state = status;
    this.alive = false;
    this.emit({ type: "status", runId: this.runId, status, counters: this.tally.snapshot(), summary });
    this.resolveDone({ runId: this.runId, status, summary, error: null });
  }

  private fail(err: unknown): void {
    if (this.failure !== null || !this.alive) return;
    this.failure = err;
    this.activity.release();
    this.flows.release();
  }

  private async finishWithError(): Promise<void> {
    const error = errorText(this.failure);
    this.alive = false;
    this.state = "error";
    this.sink.discard();
    try {
      const at = new Date(this.deps.clock.now()).toISOString();
      await this.store.updateRun(this.runId, { status: "error", error, counters: this.tally.snapshot(), finishedAt: at, heartbeatAt: at });
    } catch {
      // The store is what failed; the run stays `running` there and is resumed later.
    }
    this.emit({ type: "status", runId: this.runId, status: "error", counters: this.tally.snapshot(), summary: null });
    this.resolveDone({ runId: this.runId, status: "error", summary: null, error });
  }

  /** Tells watchers the counters a few times a second, and stores them with a heartbeat every `heartbeatMs`. */
  private async heartbeat(): Promise<void> {
    const storeEvery = this.deps.options?.heartbeatMs ?? 1_000;
    const tellEvery = Math.min(storeEvery, this.deps.options?.statusMs ?? 250);
    let sinceStored = 0;
    while (this.alive && this.state === "running") {
      await this.deps.scheduler.sleep(tellEvery);
      if (!this.alive || this.state !== "running" || this.failure !== null) return;
      const counters = this.tally.snapshot();
      this.emit({ type: "status", runId: this.runId, status: "running", counters, summary: null });
      sinceStored += tellEvery;
      if (sinceStored < storeEvery) continue;
      sinceStored = 0;
      try {
        // Another instance took the run over (this one looked gone or hung): it drives the run now.
        if (!(await this.store.beat(this.runId, counters, new Date(this.deps.clock.now()).toISOString()))) this.abandon();
      } catch (err) {
        this.fail(err);
      }
    }
  }

  /**
   * After a crash: deliver again every published message (a board event, a step command, a
   * reply) that some consumer group had not processed (nor dead-lettered). Consumers are
   * idempotent, so whatever was in fact done before the crash is skipped; a saga goes on when the
   * reply it waits for arrives. Unpublished outbox rows are the relay's. Returns how many
   * deliveries it made.
   */
  private async recover(): Promise<number> {
    const { ctx } = this;
    let sent = 0;
    const dead = new Set((await this.store.listDeadLetters(this.runId)).map((d) => `${d.consumerGroup}\u0000${d.messageId}`));
    let after: string | undefined;
    for (;;) {
      const page = await this.store.events.readAll({ runId: this.runId, after, limit: 5_000 });
      if (page.events.length === 0) break;
      after = page.checkpoint;
      const wanted = page.events.flatMap((event) => {
        const meta = event.metadata as Record<string, unknown>;
        if (meta.internal === true) return [];
        const topic = typeof meta.topic === "string" ? meta.topic : (ctx.topology.eventsByType.get(event.type)?.topic ?? "events");
        return ctx.broker.groupsFor(topic, event.type).map((consumerGroup) => ({ consumerGroup, messageId: event.eventId, event, topic }));
      });
      const done = new Set((await this.store.findProcessed(this.runId, wanted)).map((p) => `${p.consumerGroup}\u0000${p.messageId}`));
      for (const { consumerGroup, messageId, event, topic } of wanted) {
        const key = `${consumerGroup}\u0000${messageId}`;
        if (done.has(key) || dead.has(key)) continue;
        const subjectId = String((event.metadata as Record<string, unknown>).subjectId ?? event.streamId);
        void ctx.broker.send(consumerGroup, messageOf(event, topic, subjectId, ctx.topology, null));
        sent++;
      }
    }
    return sent;
  }

  /** Delivers dead letters again, each to its group, waiting for the outcomes. */
  async replay(letters: readonly DeadLetter[]): Promise<ReplayReport["results"]> {
    return Promise.all(
      letters.map(async (letter) => {
        const outcome = await this.ctx.broker.send(letter.consumerGroup, letter.message);
        const ok = outcome.status === "processed" || outcome.status === "duplicate";
        await this.store.markReplayed(this.runId, letter.consumerGroup, letter.messageId, ok ? "ok" : "error", new Date(this.deps.clock.now()).toISOString());
        return { consumerGroup: letter.consumerGroup, status: ok ? ("ok" as const) : ("error" as const), error: ok ? null : "error" in outcome ? outcome.error : null };
      }),
    );
  }

  /**
   * After a replay on a finished run: publish what the replay appended, store its spans, and
   * bring the stored summary up to date, so that it says what the run now did: the graph folded
   * again from every stored span (the replay's included, as the canvas folds them), and the
   * invariants and saga outcomes checked again (a replayed compensation may end its saga).
   */
  async settleReplay(): Promise<void> {
    this.relay.nudge();
    await this.quiesce();
    await this.sink.flush();
    this.alive = false;
    const record = await this.store.getRun(this.runId);
    if (!record) return;
    const letters = await this.store.listDeadLetters(this.runId);
    const counters: RunCounters = { ...record.counters, events: { ...record.counters.events, deadLettered: letters.filter((d) => d.replayStatus !== "ok").length }, spans: this.tally.spans };
    if (!record.summary) {
      await this.store.updateRun(this.runId, { counters });
      return;
    }
    const report = await checkInvariants({
      runId: this.runId,
      topology: this.ctx.topology,
      store: this.store,
      scheduler: this.deps.scheduler,
      duplicatesSkipped: record.summary.events.duplicatesSkipped,
    });
    const fold = new RunGraphFold();
    for (let after = 0; ; ) {
      const page = await this.store.readSpans(this.runId, after, 5_000);
      if (page.length === 0) break;
      fold.apply(page);
      after = page.at(-1)!.seq;
    }
    const graph = fold.snapshot();
    const events = { ...record.summary.events, appended: report.appended, published: report.published, deadLettered: report.deadLettered, retried: graphTotals(graph).retried };
    const ok = report.invariants.every((i) => i.ok);
    const status: RunStatus = record.status === "error" ? "error" : !ok ? "failed" : record.status === "stopped" ? "stopped" : "completed";
    const summary: RunSummary = { ...record.summary, status, sagas: { ...report.sagas }, events, messages: report.messages, invariants: report.invariants, graph };
    // The counters' dead letters are those still in a DLQ; the summary's, like the graph's, every message that was dead-lettered.
    await this.store.updateRun(this.runId, { status, counters: { ...counters, sagas: { ...report.sagas } }, summary });
  }

  private emit(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A watcher's failure is its own business.
      }
    }
  }
}

/** How many extra copies of a delivery the scenario's duplicate rate asks for: 0, or 1 or 2. */
function extraCopies(scenario: Scenario, message: Message, group: string): number {
  if (scenario.duplicateRate <= 0) return 0;
  const key = message.headers.logicalKey;
  if (unitDraw(scenario.seed, "duplicate", key, group) >= scenario.duplicateRate) return 0;
  return unitDraw(scenario.seed, "copies", key, group) < 0.5 ? 1 : 2;
}

