import { analyzeBoard, indexAnalysis } from "./analyze";
import { checkNodeConnection } from "./grammar";
import { nameKey } from "./names";
import { sagaStepEdges } from "./sagaEdges";
import type { Board, BoardNode } from "./schema";
import { looksLikeEventName, looksPastTense } from "./tense";
import { report, type Context, type Issue, type Where } from "./validateContext";
import { checkDelivery } from "./validateDelivery";
import { checkFields, checkPayload } from "./validateFields";
import { checkReservedNames, checkSaga } from "./validateSagas";

/*
 * The validator's entry point: `validateBoard`, the edges and each sticky by its kind. Sagas
 * (validateSagas.ts), delivery names (validateDelivery.ts) and payloads (validateFields.ts) have
 * files of their own; what they share is in validateContext.ts.
 */

export type { Issue } from "./validateContext";

/**
 * Lints a parsed board: the edge grammar, naming habits, missing producers, handlers and inputs,
 * saga steps, payloads and field names. Issues come in board order: each node's issues in
 * `nodes` order, then each edge's. A check about merged stickies (an event without a producer,
 * say) is reported once, on the first sticky of that name.
 * The Order template gives none.
 */
export function validateBoard(board: Board): Issue[] {
  const flow = analyzeBoard(board);
  const context: Context = {
    flow,
    stepEdges: sagaStepEdges(board),
    ...indexAnalysis(flow),
    serviceActions: new Map(flow.services.flatMap((service) => service.actions).map((a) => [a.nodeId, a])),
    participantIds: new Set(flow.participants.flatMap((participant) => participant.nodeIds)),
    nodesById: new Map(board.nodes.map((node) => [node.id, node])),
    boardNames: new Map(),
    sagaMessages: new Map(),
    firstOfName: new Map(),
    eventTypeOwner: new Map(),
    issues: [],
  };
  for (const node of board.nodes) {
    if (node.kind !== "event" && node.kind !== "command") continue;
    const key = nameKey(node.name);
    if (!context.boardNames.has(key)) context.boardNames.set(key, { kind: node.kind, node });
  }
  board.nodes.forEach((node, index) => checkNode(context, node, index));
  const byId = context.nodesById;
  board.edges.forEach((edge, index) => {
    const at = { path: `edges[${index}]`, edgeId: edge.id };
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) {
      const end = source ? "target" : "source";
      report(context, "edge-dangling", { end, nodeId: edge[end] }, { ...at, path: `${at.path}.${end}` });
      return;
    }
    const check = checkNodeConnection(source, target);
    if (!check.ok) {
      report(context, "edge-grammar", { source: source.name, target: target.name, reason: check.reason, sourceKind: source.kind, targetKind: target.kind, sameSticky: source.id === target.id }, at);
    } else if (source.kind === "saga" && target.kind !== "event" && target.kind !== "hotspot") {
      const saga = context.sagas.get(nameKey(source.name));
      const used = saga?.steps.some((step) => step.participant && nameKey(step.participant.name) === nameKey(target.name) && step.participant.kind === target.kind);
      if (!used) report(context, "saga-edge-no-step", { saga: source.name, participant: target.name }, at);
    }
  });
  checkReservedNames(context, board);
  checkDelivery(context, board);
  return context.issues;
}

function checkNode(context: Context, node: BoardNode, index: number): void {
  const at = (suffix = ""): Where => ({ path: `nodes[${index}]${suffix}`, nodeId: node.id });
  const nameId = `${node.kind}:${nameKey(node.name)}`;
  const earlier = context.firstOfName.get(nameId);
  if (!earlier) context.firstOfName.set(nameId, { node, index });
  const isFirst = !earlier;
  const key = nameKey(node.name);

  switch (node.kind) {
    case "event": {
      if (!looksPastTense(node.name)) report(context, "event-tense", { name: node.name }, at(".name"));
      checkPayload(context, node, earlier?.node, at);
      const info = context.events.get(key);
      if (!isFirst || !info) break;
      if (info.producers.length === 0) report(context, "event-no-producer", { name: info.name }, at());
      const other = context.eventTypeOwner.get(info.eventType);
      if (other === undefined) context.eventTypeOwner.set(info.eventType, info.name);
      else report(context, "event-type-collision", { name: info.name, other, eventType: info.eventType }, at(".name"));
      break;
    }
    case "command": {
      if (looksLikeEventName(node.name)) report(context, "command-imperative", { name: node.name }, at(".name"));
      checkPayload(context, node, earlier?.node, at);
      const info = context.commands.get(key);
      if (isFirst && info && info.handlers.length === 0) {
        report(context, "command-no-handler", { name: info.name }, at());
      }
      break;
    }
    case "policy": {
      const info = context.policies.get(key);
      if (!isFirst || !info) break;
      if (info.triggeredBy.length === 0) report(context, "consumer-no-input", { kind: "policy", name: info.name }, at());
      if (info.issues.length === 0) report(context, "policy-no-command", { name: info.name }, at());
      break;
    }
    case "readModel": {
      checkFields(context, node.fields, `nodes[${index}].fields`, node.id);
      const info = context.readModels.get(key);
      if (isFirst && info && info.events.length === 0) {
        report(context, "consumer-no-input", { kind: "readModel", name: info.name }, at());
      }
      break;
    }
    case "service": {
      // Per sticky: each service sticky is one action, and needs its own input. A sticky that
      // only emits (a scheduled job, a webhook) is a producer, not a consumer.
      const action = context.serviceActions.get(node.id);
      if (action && action.consumes.length === 0 && action.emits.length === 0 && !context.participantIds.has(node.id)) {
        report(context, "consumer-no-input", { kind: "service", name: node.name }, at());
      }
      break;
    }
    case "saga":
      checkSaga(context, node, index, at);
      if (isFirst && context.sagas.get(key)?.startedBy.length === 0) {
        report(context, "consumer-no-input", { kind: "saga", name: node.name }, at());
      }
      break;
    default:
      break;
  }
}
