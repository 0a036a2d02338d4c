import { memoKey } from "./topology";
import { unitDraw } from "./hash";
import type { FaultTargetKind, Scenario } from "./ports/records";

/** What the scenario's faults do to one attempt: wait this long, then fail with this reason or not. */
export interface AttemptFault {
  readonly latencyMs: number;
  /** Why the attempt fails (`injected fault Payment:fail`), or null when it does not. */
  readonly failure: string | null;
}

const NONE: AttemptFault = { latencyMs: 0, failure: null };

/**
 * The scenario's faults, by target. Whether an attempt fails is a function of the seed, the
 * target and the attempt's key (the message or step it is about, and the attempt number), never
 * of timing, so the same seed, board and faults give the same outcomes.
 */
export interface FaultPlan {
  /**
   * One attempt of `name` acting as `kind` on `key`. Compensations pass `failures: false`: a
   * compensation is retried until it succeeds, so only latency applies to it.
   */
  attempt(kind: FaultTargetKind, name: string, key: string, attempt: number, options?: { failures?: boolean }): AttemptFault;
  /** Whether any fault targets `name` as `kind`. */
  targets(kind: FaultTargetKind, name: string): boolean;
}

export function createFaultPlan(scenario: Pick<Scenario, "faults" | "seed">): FaultPlan {
  if (scenario.faults.length === 0) return { targets: () => false, attempt: () => NONE };
  const nameKey = memoKey();
  const byTarget = new Map<string, Scenario["faults"][number][]>();
  for (const fault of scenario.faults) {
    for (const kind of fault.matches) {
      const key = `${kind}:${nameKey(fault.target)}`;
      byTarget.set(key, [...(byTarget.get(key) ?? []), fault]);
    }
  }
  return {
    targets: (kind, name) => byTarget.has(`${kind}:${nameKey(name)}`),
    attempt(kind, name, key, attempt, options = {}) {
      const faults = byTarget.get(`${kind}:${nameKey(name)}`);
      if (!faults) return NONE;
      let latencyMs = 0;
      let failure: string | null = null;
      for (const fault of faults) {
        if (fault.mode === "latency") latencyMs += fault.value ?? 0;
        if (options.failures === false || failure !== null) continue;
        const fails =
          fault.mode === "fail" ||
          (fault.mode === "transient" && attempt <= (fault.value ?? 0)) ||
          (fault.mode === "rate" && unitDraw(scenario.seed, "rate", kind, nameKey(name), key, attempt) < (fault.value ?? 0));
        if (fails) failure = `injected fault ${fault.target}:${fault.mode}${fault.value === undefined ? "" : `=${fault.value}`} (attempt ${attempt})`;
      }
      return { latencyMs, failure };
    },
  };
}
