import type { RunCounters } from "./ports/records";

/** Mutable counters of a live run; `snapshot` gives the JSON-safe {@link RunCounters}. */
export class Counters {
  instances = { issued: 0, finished: 0 };
  commands = { handled: 0, rejected: 0 };
  sagas = { started: 0, completed: 0, compensated: 0, failed: 0 };
  events = { appended: 0, published: 0, delivered: 0, duplicatesSkipped: 0, retried: 0, deadLettered: 0 };
  concurrencyConflicts = 0;
  spans = 0;

  constructor(from?: RunCounters) {
    if (!from) return;
    this.instances = { ...from.instances };
    this.commands = { ...from.commands };
    this.sagas = { ...from.sagas };
    this.events = { ...from.events };
    this.concurrencyConflicts = from.concurrencyConflicts;
    this.spans = from.spans;
  }

  snapshot(): RunCounters {
    return {
      instances: { ...this.instances },
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
