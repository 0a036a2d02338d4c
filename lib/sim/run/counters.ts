import type { RunCounters } from "../ports/records";

/** Mutable counters of a live run; `snapshot` gives the JSON-safe {@link RunCounters}. */
export class Counters {
  instances = { issued: 0, finished: 0 };
  commands = { handled: 0, rejected: 0 };
  sagas = { started: 0, completed: 0, compensated: 0, failed: 0 };
  events = { appended: 0, published: 0, delivered: 0, duplicatesSkipped: 0, retried: 0, deadLettered: 0 };
  concurrencyConflicts = 0;
  spans = 0;
  /** What a resumed run had counted before it was interrupted: its progress never shows less. */
  private instanceFloor = { issued: 0, finished: 0 };
  private commandFloor = { handled: 0, rejected: 0 };

  constructor(from?: RunCounters) {
    if (!from) return;
    this.instances = { ...from.instances };
    this.commands = { ...from.commands };
    this.sagas = { ...from.sagas };
    this.events = { ...from.events };
    this.concurrencyConflicts = from.concurrencyConflicts;
    this.spans = from.spans;
  }

  /**
   * A resumed run issues every entry command again (each is idempotent) and counts them, and their
   * outcome (`commands`), from zero: so its progress never passes 100% and its summary counts each
   * entry command once (it had said 3,671 handled for 3,000 after a crash). What it had counted stays
   * the floor of what is shown, so its progress never goes back either (a stop just after a restart
   * kept "0 finished").
   */
  restartInstances(): void {
    this.instanceFloor = { issued: Math.max(this.instanceFloor.issued, this.instances.issued), finished: Math.max(this.instanceFloor.finished, this.instances.finished) };
    this.instances = { issued: 0, finished: 0 };
    this.commandFloor = { handled: Math.max(this.commandFloor.handled, this.commands.handled), rejected: Math.max(this.commandFloor.rejected, this.commands.rejected) };
    this.commands = { handled: 0, rejected: 0 };
  }

  snapshot(): RunCounters {
    return {
      instances: {
        issued: Math.max(this.instanceFloor.issued, this.instances.issued),
        finished: Math.max(this.instanceFloor.finished, this.instances.finished),
      },
      commands: {
        handled: Math.max(this.commandFloor.handled, this.commands.handled),
        rejected: Math.max(this.commandFloor.rejected, this.commands.rejected),
      },
      sagas: { ...this.sagas },
      events: { ...this.events },
      concurrencyConflicts: this.concurrencyConflicts,
      spans: this.spans,
    };
  }
}

export function emptyCounters(): RunCounters {
  return new Counters().snapshot();
}

/** What a worker counted since its last notice: added to the driver's counters. */
export type CounterDelta = Pick<RunCounters, "commands" | "sagas" | "events" | "concurrencyConflicts">;

/** `now - before`, field by field (a worker's counts since its last notice). */
export function counterDelta(now: RunCounters, before: RunCounters): CounterDelta {
  const minus = <T extends Record<string, number>>(a: T, b: T): T => Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! - (b[k] ?? 0)])) as T;
  return {
    commands: minus(now.commands, before.commands),
    sagas: minus(now.sagas, before.sagas),
    events: minus(now.events, before.events),
    concurrencyConflicts: now.concurrencyConflicts - before.concurrencyConflicts,
  };
}

/** Adds a worker's delta to a driver's counters. */
export function addCounts(counters: Counters, delta: CounterDelta): void {
  const plus = <T extends Record<string, number>>(into: T, more: T) => {
    for (const k of Object.keys(into) as (keyof T)[]) if (typeof more[k] === "number") (into[k] as number) += more[k] as number;
  };
  plus(counters.commands, delta.commands);
  plus(counters.sagas, delta.sagas);
  plus(counters.events, delta.events);
  counters.concurrencyConflicts += delta.concurrencyConflicts;
}
