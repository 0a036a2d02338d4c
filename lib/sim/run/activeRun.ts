import type { Registration } from "../broker/runBroker";
import { ResumePoints } from "../broker/resumePoints";
import { DEFAULT_LEASE_MS, type RunRelay } from "../broker/relay";
import { runInstance } from "../commands/instances";
import { RunAbandoned, type RunContext } from "../context";
import { errorText } from "../errors";
import type { BrokerReport, DeadLetter, RunCounters, RunGraph, RunRecord, RunStatus, RunSummary } from "../ports/records";
import type { RuntimeStore } from "../ports/runtimeStore";
import type { Topology } from "../topology";
import { RunGraphFold, graphTotals } from "../trace/graph";
import type { StoreTraceSink } from "../trace/traceSink";
import { Activity } from "./activity";
import { Counters } from "./counters";
import { Flows } from "./flows";
import { checkInvariants } from "./invariants";
import { redeliverUnprocessed } from "./recovery";
import { replayLetters, sagaReplayNote, storeSummaryAfterReplay } from "./replay";
import { wireRun } from "./runWiring";
import type { ReplayReport, RunEvent, RunHandle, RunResult, SimulatorDeps } from "./simulatorApi";
import { foldStoredSpans } from "./storedRun";
import { Waits } from "./waits";

/*
 * One run as this process drives it, from begin to end: issuing the entry commands (a load
 * generator), waiting until the run is quiet, checking the invariants and storing the summary,
 * the heartbeat that tells watchers and the store it is alive, and its ends (finished, failed,
 * stopped, errored, abandoned). Its parts are built by runWiring.ts; a resume first redelivers
 * what was left (recovery.ts), and dead letters are replayed through replay.ts.
 */

/** One run being driven by this process. */
export class ActiveRun implements RunHandle {
  readonly runId: string;
  readonly done: Promise<RunResult>;
  private resolveDone!: (result: RunResult) => void;
  private readonly ctx: RunContext;
  private readonly store: RuntimeStore;
  private readonly tally: Counters;
  private readonly activity = new Activity();
  private readonly flows = new Flows();
  private readonly graphFold = new RunGraphFold();
  /** A resumed run: where the deliveries the crash cut short stood, from the stored spans (seedGraph). */
  private readonly resumePoints = new ResumePoints();
  private readonly sink: StoreTraceSink;
  private readonly relay: RunRelay;
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private state: RunStatus = "running";
  private alive = true;
  private stopping = false;
  private failure: unknown = null;
  /** Latency and backoff waits: a stop or an abandon cuts them short. */
  private readonly waits: Waits;

  constructor(
    private readonly deps: SimulatorDeps<unknown>,
    private readonly record: RunRecord,
    topology: Topology,
    lastSeq: number,
    how: { readonly hostGroups?: boolean } = {},
  ) {
    this.runId = record.runId;
    this.waits = new Waits((ms) => deps.scheduler.sleep(ms));
    this.store = deps.store as RuntimeStore;
    this.tally = new Counters(record.counters);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    const wired = wireRun({
      deps,
      record,
      topology,
      lastSeq,
      counters: this.tally,
      activity: this.activity,
      flows: this.flows,
      waits: this.waits,
      alive: () => this.alive,
      fail: (err) => this.fail(err),
      onRecorded: (item) => {
        this.graphFold.apply([item]);
        this.emit({ type: "trace", runId: this.runId, items: [item] });
      },
      resumed: (group, messageId, copy) => this.resumePoints.take(group, messageId, copy),
      ...(how.hostGroups === false ? { hostGroups: false } : {}),
    });
    this.ctx = wired.ctx;
    this.sink = wired.sink;
    this.relay = wired.relay;
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

  /** A resumed run draws on what its spans stored before the crash, and its deliveries go on where they stood. */
  async seedGraph(): Promise<void> {
    await foldStoredSpans(this.store, this.runId, {
      apply: (spans) => {
        const page = [...spans];
        this.graphFold.apply(page);
        this.resumePoints.apply(page);
      },
    });
  }

  watch(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    if (!this.stopping && this.record.stopRequestedAt === null) {
      // Kept with the run: if this process dies before the run ends, whoever resumes it stops it too.
      // Not awaited: the stop takes effect here at once; a failed write only loses that guarantee.
      void this.store.updateRun(this.runId, { stopRequestedAt: new Date(this.deps.clock.now()).toISOString() }).catch(() => undefined);
    }
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
      await this.ctx.broker.open(mode === "new");
      if (mode === "resume") await this.recover();
      this.relay.nudge();
      // A run stopped before it was interrupted issues again only what it had issued (each is
      // idempotent): its flows finish and each of its entry commands is counted once, as in a run
      // that stopped without a crash. The stored counters may be a heartbeat behind; the store is not.
      const stoppedBefore = mode === "resume" && this.record.stopRequestedAt !== null;
      await this.issueInstances(mode === "new", stoppedBefore ? await this.store.issuedInstances(this.runId) : 0);
      await this.quiesce();
      // A run taken over from an owner that was still going (it looked hung) may have messages
      // that owner published after this one's recovery read them, and dropped when it let go: one
      // more pass delivers what no group processed, until a pass finds nothing.
      for (let pass = 0; mode === "resume" && pass < 5 && this.alive && this.failure === null && (await this.recover()) > 0; pass++) await this.quiesce();
      if (!this.alive) return;
      // A failure of the runtime (the database, the broker gone for good) ends the run in error, not with a verdict on half a run.
      if (this.failure === null) await this.finish();
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
  private async issueInstances(fresh: boolean, reissueBeyondStop: number): Promise<void> {
    const { count, concurrency } = this.record.scenario;
    const maxBacklog = this.deps.options?.maxBacklog ?? 20_000;
    const maxOpen = concurrency * (this.deps.options?.openFlowsPerConcurrency ?? 64);
    let next = 0;
    const worker = async () => {
      const going = () => !this.stopping || next < reissueBeyondStop;
      while (this.alive && going() && this.failure === null) {
        while ((this.ctx.broker.backlog > maxBacklog || this.tally.instances.issued - this.tally.instances.finished >= maxOpen) && this.alive && going()) {
          await this.deps.scheduler.sleep(5);
        }
        if (!going()) return;
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
      await this.deps.scheduler.sleep(Math.min(this.deps.options?.leaseMs ?? DEFAULT_LEASE_MS, 250));
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
      ...this.brokerReport(),
    };
    // The run's streams, queues and consumers go with it (unless kept); a crash leaves them for the resume.
    await this.ctx.broker.close();
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
    await this.ctx.broker.close().catch(() => undefined);
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

  /** After a crash: delivers again what some group had not processed (recovery.ts); returns how many. */
  private recover(): Promise<number> {
    return redeliverUnprocessed(this.ctx);
  }

  /** The broker the run ran on, for its summary (nothing in process). */
  private brokerReport(): { broker?: BrokerReport } {
    const report = this.ctx.broker.report();
    return report ? { broker: report } : {};
  }

  /** A finished run being replayed: its broker resources are declared again (they went with the run). */
  openBroker(): Promise<void> {
    return this.ctx.broker.open(false);
  }

  /** Delivers dead letters again, each to its group, waiting for the outcomes (replay.ts). */
  replay(letters: readonly DeadLetter[]): Promise<ReplayReport["results"]> {
    return replayLetters(this.ctx, letters);
  }

  /**
   * The results of a replay, each with a note when it was a saga step command that went through
   * but its saga could not take (replay.ts). A run still going is given the time to finish the
   * letter's flow first; a finished run's replay is settled already.
   */
  async noteSagas(letters: readonly DeadLetter[], results: ReplayReport["results"]): Promise<ReplayReport["results"]> {
    return Promise.all(
      results.map(async (result, i) => {
        const letter = letters[i];
        if (!letter || result.status !== "ok" || !letter.message.headers.saga) return result;
        if (this.alive) await this.flows.idle(letter.message.headers.correlationId);
        const note = await sagaReplayNote(this.ctx, letter);
        return note === null ? result : { ...result, note };
      }),
    );
  }

  /**
   * After a replay on a finished run: publish what the replay appended, store its spans, and
   * bring the stored summary up to date (replay.ts), so that it says what the run now did.
   */
  async settleReplay(): Promise<void> {
    this.relay.nudge();
    await this.quiesce();
    await this.sink.flush();
    this.alive = false;
    await this.ctx.broker.close();
    await storeSummaryAfterReplay(this.ctx, this.tally);
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
