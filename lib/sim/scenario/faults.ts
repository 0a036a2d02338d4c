import { unitDraw } from "../hash";
import type { FaultMatch, FaultMode, Scenario } from "../ports/records";

/** What the scenario's faults do to one attempt: wait this long, then fail with this reason or not. */
export interface AttemptFault {
  /** Design time the attempt takes (latency faults), before the time scale. */
  readonly latencyMs: number;
  /** Why the attempt fails (`injected fault PaymentService:fail (attempt 1)`), or null when it does not. */
  readonly failure: string | null;
  /** The mode of the fault that failed it: a step's `fail` is a refusal (its failure reply), the others break the handling. */
  readonly mode: FaultMode | null;
}

/**
 * The longest design-time delay of one attempt: a latency fault's MS at most, and the sum of
 * every latency fault that hits one attempt is capped at it too (50 faults of an hour each would
 * otherwise hold a message for two days).
 */
export const MAX_LATENCY_MS = 3_600_000;

const NONE: AttemptFault = { latencyMs: 0, failure: null, mode: null };

/**
 * What a piece of work is, for faults: keys a fault's matches produce (`faultKey`). A step
 * command handled by a participant is hit by faults on the step and on the participant; a
 * delivery to a consumer by faults on the consumer; a command handled by an aggregate by faults
 * on the aggregate.
 */
export type FaultKey = string;

export function faultKey(match: FaultMatch): FaultKey {
  return match.kind === "step" ? stepKey(match.saga, match.stepIndex, match.role) : `${match.kind}:${match.name}`;
}

/** A saga step's action or compensation (saga by `nameKey`, step 0-based). */
export function stepKey(sagaKey: string, stepIndex: number, role: "action" | "compensation"): FaultKey {
  return `step:${sagaKey}#${stepIndex}/${role}`;
}

/** A participant or consumer group (`<kind>:<nameKey>`), an aggregate (`nameKey`). */
export const participantKey = (groupKey: string): FaultKey => `participant:${groupKey}`;
export const consumerKey = (groupKey: string): FaultKey => `consumer:${groupKey}`;
export const aggregateKey = (name: string): FaultKey => `aggregate:${name}`;

/**
 * The scenario's faults, by what they hit. Whether an attempt fails is a function of the seed,
 * the fault key and the attempt's key (the message it is about, and the attempt number), never
 * of timing, so the same seed, board and faults give the same outcomes.
 */
export interface FaultPlan {
  /**
   * One attempt of work that `keys` describe, on `key` (a message's logical key); `shown` is how
   * the failure names the attempt when its number is not the delivery's (`attempt 2 of send 3`).
   */
  attempt(keys: readonly FaultKey[], key: string, attempt: number, shown?: string): AttemptFault;
  /** Whether any fault hits work that `keys` describe. */
  targets(keys: readonly FaultKey[]): boolean;
}

export function createFaultPlan(scenario: Pick<Scenario, "faults" | "seed">): FaultPlan {
  if (scenario.faults.length === 0) return { targets: () => false, attempt: () => NONE };
  const byKey = new Map<FaultKey, Scenario["faults"][number][]>();
  for (const fault of scenario.faults) {
    for (const match of fault.matches ?? []) {
      const key = faultKey(match);
      byKey.set(key, [...(byKey.get(key) ?? []), fault]);
    }
  }
  return {
    targets: (keys) => keys.some((key) => byKey.has(key)),
    attempt(keys, key, attempt, shown) {
      let latencyMs = 0;
      let failure: string | null = null;
      let mode: FaultMode | null = null;
      for (const faultKeyHit of keys) {
        for (const fault of byKey.get(faultKeyHit) ?? []) {
          if (fault.mode === "latency") latencyMs += fault.value ?? 0;
          if (failure !== null) continue;
          const fails =
            fault.mode === "fail" ||
            (fault.mode === "transient" && attempt <= (fault.value ?? 0)) ||
            (fault.mode === "rate" && unitDraw(scenario.seed, "rate", faultKeyHit, key, attempt) < (fault.value ?? 0));
          if (fails) {
            failure = `injected fault ${fault.target}:${fault.mode}${fault.value === undefined ? "" : `=${fault.value}`} (${shown ?? `attempt ${attempt}`})`;
            mode = fault.mode;
          }
        }
      }
      latencyMs = Math.min(latencyMs, MAX_LATENCY_MS);
      return latencyMs === 0 && failure === null ? NONE : { latencyMs, failure, mode };
    },
  };
}
