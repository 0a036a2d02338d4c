import { KIND_META, nameKey, type BoardAnalysis, type NodeKind } from "../../model";
import type { FaultMatch } from "../ports/records";

/*
 * What a fault can target on a board, derived once here and read by the run request's checks,
 * the CLI's error messages and the Run form's picker, so that the form offers exactly what the
 * simulator accepts:
 * - a saga step, `OrderSaga#3` (numbered from 1 as the canvas numbers them): that step's action
 *   only; its compensation, `OrderSaga#3/compensation` (compensable steps);
 * - a name, `PaymentService`: everything of that name at once — as a participant every command
 *   it handles, as a consumer (a service, policy or read model) its deliveries, as an aggregate
 *   its handling of commands.
 */

export type FaultTargetKind = "step" | "compensation" | "name";

/** What a name stands for on the board, as a fault target's label says (in the UI's language). */
export type FaultTargetRole =
  | { readonly kind: "participant"; readonly of: NodeKind; readonly steps: readonly string[] }
  | { readonly kind: "service" | "policy" | "readModel" | "aggregate" };

/** The facts a label is made of, for the UI to say in its language. */
export type FaultTargetDetail =
  | { readonly kind: "step" | "compensation"; readonly step: number; readonly participant: string | null; readonly command: string }
  | { readonly kind: "name"; readonly name: string; readonly roles: readonly FaultTargetRole[] };

export interface FaultTarget {
  /** What to write in a fault: `OrderSaga#3`, `OrderSaga#3/compensation`, `PaymentService`. */
  readonly target: string;
  readonly kind: FaultTargetKind;
  /** A label that tells targets apart: `OrderSaga#3 — step 3: PaymentService ← ChargePayment`. */
  readonly label: string;
  readonly detail: FaultTargetDetail;
  readonly matches: readonly FaultMatch[];
}

/** The English of a name's role (the CLI's lists, the API's messages). */
function roleText(role: FaultTargetRole): string {
  switch (role.kind) {
    case "participant":
      return `${KIND_META[role.of].noun}, participant of ${role.steps.join(", ")}`;
    case "service":
      return "service consuming events";
    case "aggregate":
      return "aggregate handling commands";
    default:
      return KIND_META[role.kind].noun;
  }
}

/**
 * Every fault target of the board: saga steps and compensations in saga order, then names in
 * board order (of their first sticky in `nodeOrder`, the board's node ids).
 */
export function faultTargets(analysis: BoardAnalysis, nodeOrder: readonly string[] = []): FaultTarget[] {
  const targets: FaultTarget[] = [];
  for (const saga of analysis.sagas) {
    for (const step of saga.steps) {
      const n = step.index + 1;
      const who = step.participant?.name ?? "no participant";
      targets.push({
        target: `${saga.name}#${n}`,
        kind: "step",
        label: `${saga.name}#${n} — step ${n}: ${who} ← ${step.action.name}`,
        detail: { kind: "step", step: n, participant: step.participant?.name ?? null, command: step.action.name },
        matches: [{ kind: "step", saga: saga.key, stepIndex: step.index, role: "action" }],
      });
      if (step.compensation) {
        targets.push({
          target: `${saga.name}#${n}/compensation`,
          kind: "compensation",
          label: `${saga.name}#${n}/compensation — undo step ${n}: ${who} ← ${step.compensation.name}`,
          detail: { kind: "compensation", step: n, participant: step.participant?.name ?? null, command: step.compensation.name },
          matches: [{ kind: "step", saga: saga.key, stepIndex: step.index, role: "compensation" }],
        });
      }
    }
  }

  const byName = new Map<string, { name: string; roles: FaultTargetRole[]; matches: FaultMatch[] }>();
  const add = (name: string, role: FaultTargetRole, match: FaultMatch) => {
    const key = nameKey(name);
    const entry = byName.get(key) ?? { name: name.trim(), roles: [], matches: [] };
    if (!entry.roles.some((r) => roleText(r) === roleText(role))) entry.roles.push(role);
    if (!entry.matches.some((m) => m.kind === match.kind && "name" in m && "name" in match && m.name === match.name)) entry.matches.push(match);
    byName.set(key, entry);
  };
  const stepsOf = new Map<string, string[]>();
  for (const saga of analysis.sagas) {
    for (const step of saga.steps) {
      if (!step.participant) continue;
      const key = `${step.participant.kind}:${nameKey(step.participant.name)}`;
      stepsOf.set(key, [...(stepsOf.get(key) ?? []), `${saga.name}#${step.index + 1}`]);
    }
  }
  // In board order of the stickies, whatever their kind.
  const order: { name: string; role: FaultTargetRole; match: FaultMatch; first: string }[] = [];
  for (const participant of analysis.participants) {
    const key = `${participant.kind}:${participant.key}`;
    order.push({ name: participant.name, role: { kind: "participant", of: participant.kind, steps: stepsOf.get(key) ?? [] }, match: { kind: "participant", name: key }, first: participant.nodeIds[0] ?? "" });
  }
  for (const service of analysis.services) {
    if (!analysis.events.some((event) => event.consumers.some((c) => c.kind === "service" && nameKey(c.name) === service.key))) continue;
    order.push({ name: service.name, role: { kind: "service" }, match: { kind: "consumer", name: `service:${service.key}` }, first: service.nodeIds[0] ?? "" });
  }
  for (const policy of analysis.policies) order.push({ name: policy.name, role: { kind: "policy" }, match: { kind: "consumer", name: `policy:${policy.key}` }, first: policy.nodeIds[0] ?? "" });
  for (const readModel of analysis.readModels) order.push({ name: readModel.name, role: { kind: "readModel" }, match: { kind: "consumer", name: `readModel:${readModel.key}` }, first: readModel.nodeIds[0] ?? "" });
  for (const aggregate of analysis.aggregates) {
    if (aggregate.commands.length === 0) continue;
    order.push({ name: aggregate.name, role: { kind: "aggregate" }, match: { kind: "aggregate", name: aggregate.key }, first: aggregate.nodeIds[0] ?? "" });
  }
  const index = new Map(nodeOrder.map((id, i) => [id, i]));
  const position = new Map<string, number>();
  for (const entry of order) {
    const at = index.get(entry.first) ?? Number.MAX_SAFE_INTEGER;
    const key = nameKey(entry.name);
    if (at < (position.get(key) ?? Number.MAX_SAFE_INTEGER)) position.set(key, at);
  }
  for (const entry of order) add(entry.name, entry.role, entry.match);
  const names = [...byName.entries()].sort(([a], [b]) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  for (const [, entry] of names) {
    targets.push({ target: entry.name, kind: "name", label: `${entry.name} — ${entry.roles.map(roleText).join("; ")}`, detail: { kind: "name", name: entry.name, roles: entry.roles }, matches: entry.matches });
  }
  return targets;
}

/** The target `text` names (`OrderSaga#3`, `ordersaga#3/Compensation`, `paymentservice`), or undefined. */
export function findFaultTarget(targets: readonly FaultTarget[], text: string): FaultTarget | undefined {
  const wanted = normalise(text);
  return targets.find((target) => normalise(target.target) === wanted);
}

function normalise(text: string): string {
  const match = /^(.*)#\s*(\d+)\s*(\/\s*compensation)?\s*$/iu.exec(text);
  if (!match) return `name:${nameKey(text)}`;
  return `step:${nameKey(match[1] ?? "")}#${Number(match[2])}${match[3] ? "/c" : ""}`;
}
