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
   * A resumed run issues every entry command again (each is idempotent) and counts them from zero,
   * so its progress never passes 100%; what it had counted stays the floor of what is shown, so
   * its progress never goes back either (a stop just after a restart kept "0 finished").
   */
  restartInstances(): void {
    this.instanceFloor = { issued: Math.max(this.instanceFloor.issued, this.instances.issued), finished: Math.max(this.instanceFloor.finished, this.instances.finished) };
    this.instances = { issued: 0, finished: 0 };
  }

  snapshot(): RunCounters {
    return {
      instances: {
        issued: Math.max(this.instanceFloor.issued, this.instances.issued),
        finished: Math.max(this.instanceFloor.finished, this.instances.finished),
      },
      commands: { ...this.commands },
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
