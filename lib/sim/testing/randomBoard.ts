import type { Board, BoardNode, ConsumerDelivery, Edge, Field, SagaStep, SagaStepType } from "../../model";
import { BOARD_FORMAT, CURRENT_SCHEMA_VERSION } from "../../model";
import { seededRandom } from "../hash";

/*
 * Random boards for property tests: a few flows (an actor's command, an aggregate, its event and
 * what consumes it: services, a shared read model, a policy issuing a second command), one saga
 * started by the first event, orchestrating two to four participants (services, aggregates,
 * external systems) with valid step types, and random delivery settings: the board's policy,
 * per-consumer overrides, explicit group names, topics, command and reply channels. Valid by
 * construction (the property test checks it); the same seed, the same board.
 */

const uuid = (name: string): Field => ({ name, type: "uuid" });

export function randomBoard(seed: string | number): Board {
  const random = seededRandom("random-board", seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const nodes: BoardNode[] = [];
  const edges: Edge[] = [];
  const at = () => ({ x: int(0, 2000), y: int(0, 1500) });
  const arrow = (source: string, target: string) => edges.push({ id: `e${edges.length + 1}`, source, target });
  let groups = 0;
  const delivery = (): ConsumerDelivery | undefined => {
    if (!chance(0.5)) return undefined;
    const d: ConsumerDelivery = {};
    if (chance(0.3)) d.group = `custom-group-${++groups}`;
    if (chance(0.6)) d.maxAttempts = int(1, 4);
    if (chance(0.5)) d.initialDelayMs = int(0, 300);
    if (chance(0.4)) d.multiplier = pick([1, 1.5, 2, 3]);
    if (chance(0.3)) d.maxDelayMs = int(100, 2000);
    if (chance(0.4)) d.jitter = pick([0, 0.1, 0.5, 1]);
    return d;
  };
  const withDelivery = <N extends BoardNode>(node: N): N => {
    const d = delivery();
    return d ? { ...node, delivery: d } : node;
  };

  nodes.push({ id: "actor", kind: "actor", name: "User", position: at() });
  const view: BoardNode = withDelivery({ id: "view", kind: "readModel", name: "Overview", position: at(), fields: [uuid("id")] });
  nodes.push(view);
  const flows = int(1, 3);
  const events: string[] = [];
  const services: string[] = [];
  for (let i = 0; i < flows; i++) {
    const command = `c${i}`;
    const aggregate = `a${i}`;
    const event = `ev${i}`;
    nodes.push({ id: command, kind: "command", name: `Place Thing ${i}`, position: at(), payload: [uuid("thingId")] });
    nodes.push(withDelivery({ id: aggregate, kind: "aggregate", name: `Thing ${i % 2}`, position: at() }));
    nodes.push({
      id: event,
      kind: "event",
      name: `Thing ${i} Placed`,
      position: at(),
      payload: [uuid("thingId"), { name: "note", type: "string" }],
      ...(chance(0.5) ? { topic: pick(["things", "more-things", "t.events"]) } : {}),
      ...(chance(0.3) ? { partitionKey: "note" } : {}),
    });
    arrow("actor", command);
    arrow(command, aggregate);
    arrow(aggregate, event);
    events.push(event);
    if (chance(0.8)) arrow(event, "view");
    const consumers = int(1, 2);
    for (let j = 0; j < consumers; j++) {
      const service = `s${i}-${j}`;
      nodes.push(withDelivery({ id: service, kind: "service", name: `Worker ${i}${j}`, position: at(), action: "Work" }));
      arrow(event, service);
      services.push(service);
    }
    if (chance(0.5)) {
      nodes.push(withDelivery({ id: `p${i}`, kind: "policy", name: `React ${i}`, position: at() }));
      nodes.push({ id: `pc${i}`, kind: "command", name: `Follow Up ${i}`, position: at(), payload: [uuid("thingId")] });
      nodes.push({ id: `pa${i}`, kind: "aggregate", name: `Follow Up Thing ${i}`, position: at() });
      nodes.push({ id: `pe${i}`, kind: "event", name: `Follow Up ${i} Done`, position: at(), payload: [uuid("thingId")] });
      arrow(event, `p${i}`);
      arrow(`p${i}`, `pc${i}`);
      arrow(`pc${i}`, `pa${i}`);
      arrow(`pa${i}`, `pe${i}`);
      if (chance(0.5)) arrow(`pe${i}`, "view");
    }
  }

  // The saga: started by the first event, its participants among new and existing stickies.
  const stepCount = int(2, 4);
  const pivotAt = chance(0.7) ? int(0, stepCount - 1) : -1;
  const participants: string[] = [];
  const steps: SagaStep[] = [];
  for (let k = 0; k < stepCount; k++) {
    let participant: string;
    const kind = pick(["new service", "existing", "aggregate", "external"] as const);
    if (kind === "existing" && services.length > 0) participant = pick(services);
    else if (kind === "aggregate") participant = pick(nodes.filter((n) => n.kind === "aggregate").map((n) => n.id));
    else if (kind === "external") {
      participant = `x${k}`;
      nodes.push(withDelivery({ id: participant, kind: "externalSystem", name: `Partner ${k}`, position: at(), ...(chance(0.3) ? { commandChannel: `partner-${k}-in` } : {}) }));
    } else {
      participant = `ps${k}`;
      nodes.push(withDelivery({ id: participant, kind: "service", name: `Step Service ${k}`, position: at(), action: "", ...(chance(0.3) ? { commandChannel: `step-${k}.in` } : {}) }));
    }
    if (!participants.includes(participant)) participants.push(participant);
    const type: SagaStepType = pivotAt < 0 ? "compensable" : k < pivotAt ? "compensable" : k === pivotAt ? "pivot" : "retriable";
    const message = (name: string) => ({ name, payload: [uuid("thingId")] });
    steps.push({
      id: `step-${k}`,
      type,
      participant,
      action: message(`Do Step ${k}`),
      replies: { success: message(`Step ${k} Done`), ...(chance(0.7) ? { failure: message(`Step ${k} Refused`) } : {}) },
      ...(type === "compensable" ? { compensation: { ...message(`Undo Step ${k}`), reply: message(`Step ${k} Undone`) } } : {}),
      ...(chance(0.3) ? { timeoutMs: int(1000, 20000) } : {}),
    });
  }
  const saga = withDelivery<BoardNode>({ id: "saga", kind: "saga", name: "Big Saga", position: at(), steps, ...(chance(0.3) ? { replyChannel: "big-saga-in" } : {}) });
  nodes.push(saga);
  nodes.push({ id: "saga-ok", kind: "event", name: "Saga Completed", position: at(), payload: [uuid("thingId")] });
  nodes.push({ id: "saga-ko", kind: "event", name: "Saga Failed", position: at(), payload: [uuid("thingId"), { name: "reason", type: "string" }], outcome: "failure" });
  arrow(events[0]!, "saga");
  for (const participant of participants) arrow("saga", participant);
  arrow("saga", "saga-ok");
  arrow("saga", "saga-ko");
  if (chance(0.7)) arrow("saga-ok", "view");

  const settings: Board["settings"] = chance(0.6)
    ? { delivery: { maxAttempts: int(1, 5), ...(chance(0.5) ? { initialDelayMs: int(10, 500) } : {}), ...(chance(0.5) ? { jitter: pick([0, 0.25, 0.5]) } : {}) } }
    : undefined;
  return { format: BOARD_FORMAT, schemaVersion: CURRENT_SCHEMA_VERSION, name: `Random ${seed}`, ...(settings ? { settings } : {}), nodes, edges };
}
