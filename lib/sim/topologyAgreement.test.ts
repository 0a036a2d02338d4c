import { describe, expect, it } from "vitest";
import { retrySchedule, validateBoard, type Board, type RetryPolicy } from "../model";
import { designDoc } from "../generate/designDoc";
import { createMemoryRuntime } from "../runtime/runtime";
import { countingIds, virtualTime } from "../runtime/testing/virtualTime";
import { faultTargets } from "./scenario/faultTargets";
import { buildTopology } from "./topology";
import { randomBoard } from "./testing/randomBoard";

/*
 * The property the design document exists for: on any board, the topology it prints (consumer
 * groups, their dead-letter queues and retry figures, the channels) is what the simulator
 * registers, and what the spans of a run report (groups, waits, attempts, channels).
 */

interface PrintedGroup {
  readonly dlq: string;
  readonly attempts: number;
  /** The first and last wait the document prints, and the jitter percentage. */
  readonly first: number | null;
  readonly last: number | null;
  readonly jitterPercent: number;
  readonly max: number | null;
}

/** The broker section of the English design document, read back. */
function printed(board: Board): { groups: Map<string, PrintedGroup>; channels: Set<string> } {
  const doc = designDoc(board, { lang: "en" });
  const section = doc.slice(doc.indexOf("### Message Broker Configuration"), doc.indexOf("### Consistency Strategy"));
  const rows = section.split("\n").filter((line) => line.startsWith("| `"));
  const channels = new Set<string>();
  const groups = new Map<string, PrintedGroup>();
  for (const row of rows) {
    const cells = row.slice(2, -2).split(" | ");
    const name = cells[0]!.replace(/`/g, "");
    if (cells.length === 3) {
      channels.add(name);
      continue;
    }
    const policy = cells[3]!;
    const time = (text: string | undefined) => (text === undefined ? null : text.endsWith(" ms") ? Number(text.slice(0, -3)) : Number(text.slice(0, -2)) * 1000);
    const waits = /backoff (\S+ m?s) → (\S+ m?s) \(×[\d.]+, at most (\S+ m?s)\)/.exec(policy);
    const fixed = /fixed wait (\S+ m?s)/.exec(policy);
    groups.set(name, {
      dlq: cells[4]!.replace(/`/g, ""),
      attempts: policy.startsWith("No retry") ? 1 : Number(/^Up to (\d+) attempts/.exec(policy)?.[1]),
      first: time(waits?.[1] ?? fixed?.[1]),
      last: time(waits?.[2] ?? fixed?.[1]),
      max: time(waits?.[3]),
      jitterPercent: Number(/up to ([\d.]+)% jitter/.exec(policy)?.[1] ?? 0),
    });
  }
  return { groups, channels };
}

function agrees(group: PrintedGroup, policy: RetryPolicy): void {
  const waits = retrySchedule(policy);
  expect(group.attempts).toBe(policy.maxAttempts);
  expect(group.first).toBe(waits[0] ?? null);
  expect(group.last).toBe(waits.at(-1) ?? null);
  if (group.max !== null) expect(group.max).toBe(policy.maxDelayMs);
  expect(group.jitterPercent).toBe(policy.maxAttempts > 1 ? Math.round(policy.jitter * 1000) / 10 : 0);
}

const SEEDS = Array.from({ length: 60 }, (_, i) => i + 1);

describe("the design document, the simulator and the spans agree on the topology", () => {
  it.each(SEEDS)("random board %i", async (seed) => {
    const board = randomBoard(seed);
    expect(validateBoard(board).filter((i) => i.severity === "error")).toEqual([]);
    const doc = printed(board);

    // Faults that make every kind of wait happen: a failing consumer, a refused or broken step, a failing compensation.
    const targets = faultTargets(buildTopology(board).analysis);
    const names = targets.filter((t) => t.kind === "name").map((t) => t.target);
    const steps = targets.filter((t) => t.kind === "step").map((t) => t.target);
    const compensations = targets.filter((t) => t.kind === "compensation").map((t) => t.target);
    const faults = [
      { target: names[seed % names.length]!, mode: "rate" as const, value: 0.5 },
      { target: steps[seed % steps.length]!, mode: seed % 2 === 0 ? ("fail" as const) : ("transient" as const), ...(seed % 2 === 0 ? {} : { value: 2 }) },
      ...(compensations.length > 0 ? [{ target: compensations[0]!, mode: "rate" as const, value: 0.5 }] : []),
    ];
    const time = virtualTime();
    const runtime = createMemoryRuntime({ ...time, ids: countingIds(), random: () => 0.5 });
    const handle = await runtime.simulator.start(board, { count: 4, seed, faults, timeScale: 0 });
    const registered = handle.registrations();
    const result = await handle.done;
    expect(result.summary?.invariants.every((i) => i.ok), JSON.stringify(result.summary?.invariants)).toBe(true);

    // What the simulator registers is what the document prints: every group, its DLQ and its policy.
    expect(new Set(registered.map((r) => r.group))).toEqual(new Set(doc.groups.keys()));
    for (const registration of registered) {
      const group = doc.groups.get(registration.group)!;
      expect(group.dlq).toBe(registration.dlq);
      agrees(group, registration.policy);
      for (const taken of registration.takes) if (!taken.type.startsWith("stormflow.")) expect(doc.channels).toContain(taken.channel);
    }

    // And what the spans report.
    const spans = await runtime.store.readSpans(handle.runId, 0, 1_000_000);
    const policies = new Map(registered.map((r) => [r.group, r.policy]));
    let waits = 0;
    for (const span of spans) {
      const group = span.attributes.group;
      if (span.kind === "deliver" || span.kind === "dead-letter") expect(doc.groups.has(String(group))).toBe(true);
      if (span.kind === "handle" && group !== null) expect(doc.groups.has(String(group))).toBe(true);
      if (span.kind === "publish") expect(doc.channels).toContain(String(span.attributes.topic));
      if (span.kind === "dead-letter") expect(span.attributes.attempts).toBe(doc.groups.get(String(group))!.attempts);
      if (span.kind === "retry") {
        // An entry command's aggregate retries outside any group, with the board's defaults.
        const policy = typeof group === "string" ? policies.get(group)! : buildTopology(board).delivery.defaults;
        const retry = Number(span.attributes.attempt) - 1;
        // The saga's own resends count sends, which may pass the policy's schedule: its formula still holds.
        const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (retry - 1));
        const delay = Number(span.attributes.delayMs);
        expect(delay).toBeGreaterThanOrEqual(Math.min(Math.round(base), policy.maxDelayMs));
        expect(delay).toBeLessThanOrEqual(Math.round(Math.min(policy.maxDelayMs, base * (1 + policy.jitter))));
        waits++;
      }
    }
    expect(waits).toBe(result.summary!.events.retried);
  });
});
