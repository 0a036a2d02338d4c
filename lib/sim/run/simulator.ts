import { isModelError } from "../../model";
import { SimError, errorText, isSimError } from "../errors";
import type { RunRecord } from "../ports/records";
import type { RuntimeStore } from "../ports/runtimeStore";
import { prepareScenario } from "../scenario/scenario";
import { ActiveRun } from "./activeRun";
import { transportFor } from "./runWiring";
import { runNamespace, type BrokerTransport } from "../ports/transport";
import { emptyCounters } from "./counters";
import type { ReplayReport, RunHandle, Simulator, SimulatorDeps } from "./simulatorApi";
import { loadStoredRun } from "./storedRun";

export type {
  ReplayReport,
  RunEvent,
  RunHandle,
  RunObserver,
  RunResult,
  Simulator,
  SimulatorDeps,
  SimulatorOptions,
  StartOptions,
} from "./simulatorApi";

/*
 * The simulator: the runs this process drives, by id. It starts runs, resumes interrupted ones
 * (asked, or by a sweep of the runs whose owner is gone or whose heartbeat stopped), replays dead
 * letters one at a time per message, and stops, abandons or suspends them all. Each run itself is
 * an `ActiveRun` (activeRun.ts); the public types are in simulatorApi.ts, re-exported here.
 */

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

  /** Before a run is stored: its broker answers, and has been swept (else SimError `broker_unavailable`, and no run). */
  async function brokerReady(transport: BrokerTransport): Promise<void> {
    try {
      await transport.ready();
      await sweepBroker(transport);
    } catch (err) {
      throw new SimError("broker_unavailable", errorText(err));
    }
  }

  /** Each broker's sweep of what a crashed process left there, once per simulator. */
  const sweeps = new WeakMap<BrokerTransport, Promise<void>>();

  /**
   * The first run on a broker removes what runs of this store left there when a crash kept them
   * from cleaning up: the namespaces of runs that ended and did not keep theirs. Running runs
   * resume on theirs; namespaces of runs this store does not know belong to someone else (another
   * Stormflow on another database). Starts meanwhile wait for it.
   */
  function sweepBroker(transport: BrokerTransport): Promise<void> {
    let sweep = sweeps.get(transport);
    if (!sweep) {
      sweep = (async () => {
        const recent = await store.listRuns({ limit: 1_000 });
        const ended = recent.filter((r) => r.status !== "running" && r.scenario.broker === transport.id && !r.scenario.keepTopology);
        const stale = new Set(ended.map((r) => runNamespace(r.runId)));
        await transport.removeStale((namespace) => stale.has(namespace));
      })();
      // A sweep that failed (the broker went away) is tried again by the next start.
      sweep.catch(() => sweeps.delete(transport));
      sweeps.set(transport, sweep);
    }
    return sweep;
  }

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
      const { record, topology } = loadStoredRun(stored);
      // A finished run's faults are over: a replay is the delivery once the cause was fixed.
      run = new ActiveRun(deps, { ...record, scenario: { ...record.scenario, faults: [] } }, topology, await store.lastSpanSeq(runId));
      own = true;
    }
    if (own) {
      try {
        await run.openBroker();
      } catch (err) {
        throw new SimError("broker_unavailable", errorText(err));
      }
    }
    const results = await run.replay(letters);
    if (own) await run.settleReplay();
    return { runId, messageId, results: await run.noteSagas(letters, results) };
  }

  /**
   * Runs on a broker this process is not configured with (a `stormflow run --broker` whose process
   * died, swept by an app without that broker): left alone, unclaimed, for a process that has the
   * broker. Claiming one only to fail tripped every sweep and hid the run from the process that
   * could resume it. The answer never changes for a run, so each is read once.
   */
  const foreign = new Map<string, boolean>();
  async function onForeignBroker(runId: string): Promise<boolean> {
    let known = foreign.get(runId);
    if (known === undefined) {
      const broker = (await store.getRun(runId))?.scenario.broker;
      known = broker !== undefined && !(deps.transports ?? []).some((transport) => transport.id === broker);
      if (foreign.size > 10_000) foreign.clear();
      foreign.set(runId, known);
    }
    return known;
  }

  const simulator: Simulator = {
    prepare: (board, request) => {
      const prepared = prepareScenario(board, request, { seed: deps.ids.uuid() });
      if (prepared.scenario.broker !== undefined) transportFor(deps, prepared.scenario.broker);
      return prepared;
    },

    async start(board, request, options = {}) {
      const prepared = simulator.prepare(board, request);
      if (options.workers === true && prepared.scenario.broker === undefined) {
        throw new SimError("invalid_scenario", "Workers host a run's consumers on a real broker: name the broker", [{ path: "broker", message: "worker processes need a real broker (nats://… or amqp://…)" }]);
      }
      if (prepared.scenario.broker !== undefined) await brokerReady(transportFor(deps, prepared.scenario.broker));
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
        stopRequestedAt: null,
      };
      starting.add(runId);
      try {
        await store.createRun(record);
      } finally {
        starting.delete(runId);
      }
      const run = track(new ActiveRun(deps, record, prepared.topology, 0, { hostGroups: options.workers !== true }));
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
        const { record, topology } = loadStoredRun({ ...stored, counters: { ...stored.counters, sagas } });
        const run = track(new ActiveRun(deps, record, topology, await store.lastSpanSeq(runId)));
        await run.seedGraph();
        run.begin("resume");
        // Asked to stop before it was interrupted: it finishes what was in flight and ends `stopped`.
        if (record.stopRequestedAt !== null) run.stop();
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
        if (await onForeignBroker(runId)) continue;
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
