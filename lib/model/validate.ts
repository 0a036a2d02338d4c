import {
  analyzeBoard,
  type BoardAnalysis,
  type CommandInfo,
  type EventInfo,
  type PolicyInfo,
  type ReadModelInfo,
  type SagaInfo,
  type ServiceAction,
} from "./analyze";
import { DEAD_LETTER_NOTICE, fieldRequired, partitionKeyProblem } from "./defaults";
import { checkNodeConnection } from "./grammar";
import { withArticle } from "./kinds";
import { describeIssue, type IssueCode, type IssueParams, type IssueSeverity } from "./issueCodes";
import { nameKey } from "./names";
import { sagaStepEdges, type SagaStepEdges } from "./sagaEdges";
import type { Board, BoardNode, Field, FieldShape, NodeOfKind, StepMessage } from "./schema";
import { looksLikeEventName, looksPastTense } from "./tense";
import { deadLetterQueueName, defaultGroupName, deriveTopology } from "./topology";

/** One problem on a board, located for the Problems panel and the canvas badges. */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  readonly message: string;
  /** Where, as in parse errors: `nodes[3].payload[0].name`, `edges[4]`. */
  readonly path: string;
  readonly nodeId?: string;
  readonly edgeId?: string;
}

/** A valid field name: a JavaScript identifier name, in any script (`orderId`, `$ref`, `주문번호`). */
const FIELD_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/**
 * Lints a parsed board: the edge grammar, naming habits, missing producers, handlers and inputs,
 * saga steps, payloads and field names. Issues come in board order: each node's issues in
 * `nodes` order, then each edge's. A check about merged stickies (an event without a producer,
 * say) is reported once, on the first sticky of that name.
 * The Order template gives none.
 */
export function validateBoard(board: Board): Issue[] {
  const flow = analyzeBoard(board);
  const byKey = <T extends { key: string }>(list: readonly T[]) => new Map(list.map((item) => [item.key, item]));
  const context: Context = {
    flow,
    stepEdges: sagaStepEdges(board),
    events: byKey(flow.events),
    commands: byKey(flow.commands),
    policies: byKey(flow.policies),
    readModels: byKey(flow.readModels),
    sagas: byKey(flow.sagas),
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
      report(context, "edge-grammar", { source: source.name, target: target.name, reason: check.reason }, at);
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

/** The analysis, indexed, and what the node loop has seen so far. */
interface Context {
  readonly flow: BoardAnalysis;
  /** The arrow each saga step travels (lib/model/sagaEdges.ts). */
  readonly stepEdges: SagaStepEdges;
  readonly events: ReadonlyMap<string, EventInfo>;
  readonly commands: ReadonlyMap<string, CommandInfo>;
  readonly policies: ReadonlyMap<string, PolicyInfo>;
  readonly readModels: ReadonlyMap<string, ReadModelInfo>;
  readonly sagas: ReadonlyMap<string, SagaInfo>;
  readonly serviceActions: ReadonlyMap<string, ServiceAction>;
  /** Stickies some saga step orchestrates: they receive commands, so they have input. */
  readonly participantIds: ReadonlySet<string>;
  readonly nodesById: ReadonlyMap<string, BoardNode>;
  /** Event and command stickies by name: the first of each name. */
  readonly boardNames: Map<string, { kind: "event" | "command"; node: BoardNode }>;
  /** Step messages by name: what the first use was, for name and payload checks. */
  readonly sagaMessages: Map<string, { role: "command" | "reply"; where: string; payload: readonly Field[] }>;
  /** The first sticky of each kind and name: `event:orderplaced` -> its node and index. */
  readonly firstOfName: Map<string, { node: BoardNode; index: number }>;
  /** Event type -> the name of the first event that has it. */
  readonly eventTypeOwner: Map<string, string>;
  readonly issues: Issue[];
}

interface Where {
  readonly path: string;
  readonly nodeId?: string;
  readonly edgeId?: string;
}

function report<C extends IssueCode>(context: Context, code: C, params: IssueParams<C>, where: Where): void {
  context.issues.push({ code, ...describeIssue(code, params), ...where });
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
      if (info.triggeredBy.length === 0) report(context, "consumer-no-input", { kind: "Policy", name: info.name }, at());
      if (info.issues.length === 0) report(context, "policy-no-command", { name: info.name }, at());
      break;
    }
    case "readModel": {
      checkFields(context, node.fields, `nodes[${index}].fields`, node.id);
      const info = context.readModels.get(key);
      if (isFirst && info && info.events.length === 0) {
        report(context, "consumer-no-input", { kind: "Read model", name: info.name }, at());
      }
      break;
    }
    case "service": {
      // Per sticky: each service sticky is one action, and needs its own input. A sticky that
      // only emits (a scheduled job, a webhook) is a producer, not a consumer.
      const action = context.serviceActions.get(node.id);
      if (action && action.consumes.length === 0 && action.emits.length === 0 && !context.participantIds.has(node.id)) {
        report(context, "consumer-no-input", { kind: "Service", name: node.name }, at());
      }
      break;
    }
    case "saga":
      checkSaga(context, node, index, at);
      if (isFirst && context.sagas.get(key)?.startedBy.length === 0) {
        report(context, "consumer-no-input", { kind: "Saga", name: node.name }, at());
      }
      break;
    default:
      break;
  }
}

function checkSaga(context: Context, saga: NodeOfKind<"saga">, index: number, at: (suffix?: string) => Where): void {
  if (saga.steps.length === 0) {
    report(context, "saga-empty", { name: saga.name }, at(".steps"));
    return;
  }
  const seen = new Set<string>();
  let pivot: number | null = null;
  let lastOrdered: { step: number; problem: "retriable-before-pivot" | "retriable-before-compensable" } | null = null;
  const retriable: number[] = [];
  saga.steps.forEach((step, i) => {
    const n = i + 1;
    const path = (suffix: string) => at(`.steps[${i}]${suffix}`);
    if (seen.has(step.id)) report(context, "duplicate-saga-step-id", { saga: saga.name, id: step.id }, path(".id"));
    seen.add(step.id);

    const participant = step.participant === undefined ? undefined : context.nodesById.get(step.participant);
    if (step.participant === undefined) {
      report(context, "saga-step-no-participant", { saga: saga.name, step: n, action: step.action.name }, path(".participant"));
    } else if (!participant || !["service", "aggregate", "externalSystem"].includes(participant.kind)) {
      const kind = participant ? withArticle(participant.kind) : null;
      report(context, "saga-step-participant-missing", { saga: saga.name, step: n, participant: participant?.name ?? step.participant, kind }, path(".participant"));
    } else if (!context.stepEdges.ofStep.get(saga.id)?.[i]) {
      report(context, "saga-participant-not-connected", { saga: saga.name, participant: participant.name, step: n }, path(".participant"));
    }

    if (step.type === "compensable" && !step.compensation) {
      report(context, "saga-step-no-compensation", { saga: saga.name, step: n, action: step.action.name }, path(".compensation"));
    }
    if (step.type !== "compensable" && step.compensation) {
      report(context, "saga-compensation-ignored", { saga: saga.name, step: n, type: step.type, compensation: step.compensation.name }, path(".compensation"));
    }
    if (step.type === "pivot") {
      if (pivot !== null) report(context, "saga-step-order", { saga: saga.name, step: n, other: pivot, problem: "second-pivot" }, path(".type"));
      else pivot = n;
    }
    if (step.type === "compensable" && pivot !== null && pivot < n) {
      report(context, "saga-step-after-pivot", { saga: saga.name, step: n, pivot }, path(".type"));
    }
    if (step.type === "retriable") retriable.push(n);
    // A retriable step before a later pivot or compensable step: reported once, at the first such step.
    if ((step.type === "pivot" || step.type === "compensable") && retriable.length > 0 && lastOrdered === null) {
      lastOrdered = { step: n, problem: step.type === "pivot" ? "retriable-before-pivot" : "retriable-before-compensable" };
      const first = retriable[0]!;
      report(context, "saga-step-order", { saga: saga.name, step: first, other: n, problem: lastOrdered.problem }, { ...at(`.steps[${first - 1}].type`) });
    }

    const where = `step ${n} of saga ${JSON.stringify(saga.name.trim())}`;
    checkStepMessage(context, step.action, "command", where, `nodes[${index}].steps[${i}].action`, saga.id);
    checkStepMessage(context, step.replies.success, "reply", where, `nodes[${index}].steps[${i}].replies.success`, saga.id);
    if (step.replies.failure) checkStepMessage(context, step.replies.failure, "reply", where, `nodes[${index}].steps[${i}].replies.failure`, saga.id);
    if (step.compensation) {
      checkStepMessage(context, step.compensation, "command", where, `nodes[${index}].steps[${i}].compensation`, saga.id);
      checkStepMessage(context, step.compensation.reply, "reply", where, `nodes[${index}].steps[${i}].compensation.reply`, saga.id);
    }
  });
}

/**
 * A step's command or reply: its name (imperative commands, past-tense replies; not the name of
 * something else), its fields, and the same payload wherever the name appears.
 */
function checkStepMessage(context: Context, message: StepMessage, role: "command" | "reply", where: string, path: string, nodeId: string): void {
  const at = { path: `${path}.name`, nodeId };
  if (role === "command" && looksLikeEventName(message.name)) report(context, "command-imperative", { name: message.name }, at);
  if (role === "reply" && !looksPastTense(message.name)) report(context, "event-tense", { name: message.name }, at);
  checkFields(context, message.payload, `${path}.payload`, nodeId);
  const key = nameKey(message.name);
  const roleText = (r: "command" | "reply") => (r === "command" ? `a step command (${where})` : `a step reply (${where})`);
  const onBoard = context.boardNames.get(key);
  if (onBoard) {
    if (role === "reply" || onBoard.kind === "event") {
      const board = onBoard.kind === "event" ? "an event on the board" : "a command on the board";
      report(context, "saga-message-name", { name: message.name, first: board, second: roleText(role) }, at);
      return;
    }
    if ("payload" in onBoard.node && payloadSignature(onBoard.node.payload) !== payloadSignature(message.payload)) {
      report(context, "saga-message-payload", { name: message.name, where: `the command sticky ${JSON.stringify(onBoard.node.name.trim())} on the board` }, { path: `${path}.payload`, nodeId });
    }
    return;
  }
  const earlier = context.sagaMessages.get(key);
  if (!earlier) {
    context.sagaMessages.set(key, { role, where, payload: message.payload });
    return;
  }
  if (earlier.role !== role) {
    report(context, "saga-message-name", { name: message.name, first: roleText(earlier.role).replace(where, earlier.where), second: roleText(role) }, at);
  } else if (payloadSignature(earlier.payload) !== payloadSignature(message.payload)) {
    report(context, "saga-message-payload", { name: message.name, where: `in ${earlier.where}` }, { path: `${path}.payload`, nodeId });
  }
}

/** Names the runtime gives its own messages (the dead-letter notice): no event, command or step message may take them. */
function checkReservedNames(context: Context, board: Board): void {
  const reserved = nameKey(DEAD_LETTER_NOTICE.name);
  const hit = (name: string, path: string, nodeId: string) => {
    if (nameKey(name) === reserved) report(context, "name-reserved", { name: name.trim() }, { path, nodeId });
  };
  board.nodes.forEach((node, index) => {
    if (node.kind === "event" || node.kind === "command") hit(node.name, `nodes[${index}].name`, node.id);
    if (node.kind !== "saga") return;
    node.steps.forEach((step, i) => {
      const at = `nodes[${index}].steps[${i}]`;
      hit(step.action.name, `${at}.action.name`, node.id);
      hit(step.replies.success.name, `${at}.replies.success.name`, node.id);
      if (step.replies.failure) hit(step.replies.failure.name, `${at}.replies.failure.name`, node.id);
      if (step.compensation) {
        hit(step.compensation.name, `${at}.compensation.name`, node.id);
        hit(step.compensation.reply.name, `${at}.compensation.reply.name`, node.id);
      }
    });
  });
}

/** Consumer group names, channel names and partition keys, against the derived topology. */
function checkDelivery(context: Context, board: Board): void {
  const topology = deriveTopology(board, context.flow);
  const indexOf = new Map(board.nodes.map((node, index) => [node.id, index]));
  const explicit = new Map<string, BoardNode>();
  for (const group of topology.groups) {
    const node = group.nodeIds.map((id) => context.nodesById.get(id)).find((n) => n && "delivery" in n && n.delivery?.group !== undefined);
    const asked = node && "delivery" in node ? node.delivery?.group : undefined;
    const base = asked ?? defaultGroupName(group);
    if (group.name === base) {
      if (node && asked !== undefined) explicit.set(asked, node);
      continue;
    }
    // The group did not get the name it asked for (or its default): say who holds it.
    const holder = topology.groups.find((other) => other !== group && (other.name === base || other.dlq === base || other.name === deadLetterQueueName(base)));
    const dlqClash = holder !== undefined && (holder.dlq === base || holder.name === deadLetterQueueName(base));
    if (node && asked !== undefined) {
      const at = { path: `nodes[${indexOf.get(node.id)}].delivery.group`, nodeId: node.id };
      if (dlqClash) report(context, "consumer-group-is-dlq", { group: asked, consumer: node.name, other: holder.name }, at);
      else {
        const first = explicit.get(asked);
        const params = { group: asked, first: first?.name ?? holder?.consumer ?? "", second: node.name };
        // On both stickies: the one edited last is not known, and either may be the one to change.
        if (first) report(context, "consumer-group-taken", params, { path: `nodes[${indexOf.get(first.id)}].delivery.group`, nodeId: first.id });
        report(context, "consumer-group-taken", params, at);
      }
    } else {
      const first = context.nodesById.get(group.nodeIds[0] ?? "");
      report(context, "consumer-group-renamed", { consumer: group.consumer, group: group.name, wanted: base, holder: holder?.consumer ?? "" }, { path: `nodes[${indexOf.get(first?.id ?? "")}]`, nodeId: first?.id });
    }
  }
  const channels = new Map<string, string>();
  for (const channel of topology.channels) {
    const what =
      channel.kind === "events"
        ? "an event topic"
        : channel.kind === "commands"
          ? `the command channel of ${JSON.stringify(channel.owner?.name ?? "")}`
          : `the reply channel of saga ${JSON.stringify(channel.owner?.name ?? "")}`;
    const first = channels.get(channel.name);
    if (first === undefined) {
      channels.set(channel.name, what);
      continue;
    }
    const owner = board.nodes.find((node) => channel.owner && node.kind === channel.owner.kind && nameKey(node.name) === nameKey(channel.owner.name));
    const where = owner ? { path: `nodes[${indexOf.get(owner.id)}].${channel.kind === "replies" ? "replyChannel" : "commandChannel"}`, nodeId: owner.id } : { path: "nodes" };
    report(context, "channel-name-taken", { channel: channel.name, first, second: what }, where);
  }
  board.nodes.forEach((node, index) => {
    if (node.kind !== "event" || node.partitionKey === undefined) return;
    const problem = partitionKeyProblem(node);
    if (problem !== null) {
      report(context, "partition-key-unknown", { name: node.name, key: node.partitionKey, problem }, { path: `nodes[${index}].partitionKey`, nodeId: node.id });
    }
  });
}

function checkPayload(
  context: Context,
  node: NodeOfKind<"event" | "command">,
  first: BoardNode | undefined,
  at: (suffix?: string) => Where,
): void {
  const { path, nodeId } = at(".payload");
  checkFields(context, node.payload, path, nodeId);
  if (first && "payload" in first && payloadSignature(first.payload) !== payloadSignature(node.payload)) {
    report(
      context,
      "payload-mismatch",
      { kind: node.kind === "event" ? "Event" : "Command", name: node.name, firstNodeId: first.id },
      { path, nodeId },
    );
  }
}

/** Field names and shapes, recursively through `fields` and `items`. */
function checkFields(context: Context, fields: readonly Field[], path: string, nodeId?: string): void {
  const names = new Set<string>();
  fields.forEach((field, i) => {
    const at = `${path}[${i}]`;
    if (!FIELD_NAME.test(field.name)) {
      report(context, "field-name-invalid", { name: field.name, duplicate: false }, { path: `${at}.name`, nodeId });
    } else if (names.has(field.name)) {
      report(context, "field-name-invalid", { name: field.name, duplicate: true }, { path: `${at}.name`, nodeId });
    }
    names.add(field.name);
    checkShape(context, field, field.name, at, nodeId);
  });
}

function checkShape(context: Context, shape: FieldShape, name: string, path: string, nodeId?: string): void {
  const warn = (problem: "fields" | "items" | "no-items") =>
    report(context, "field-shape", { name, problem, type: shape.type }, { path, nodeId });
  if (shape.fields && shape.type !== "object") warn("fields");
  if (shape.items && shape.type !== "array") warn("items");
  if (!shape.items && shape.type === "array") warn("no-items");
  if (shape.fields) checkFields(context, shape.fields, `${path}.fields`, nodeId);
  if (shape.items) checkShape(context, shape.items, `${name}[]`, `${path}.items`, nodeId);
}

/**
 * What makes two payloads the same: names, types, required-ness and nesting, in any order.
 * Descriptions are documentation and may differ.
 */
function payloadSignature(fields: readonly Field[]): string {
  const shape = (field: FieldShape): unknown => ({
    type: field.type,
    required: fieldRequired(field),
    fields: field.fields ? normalise(field.fields) : null,
    items: field.items ? shape(field.items) : null,
  });
  const normalise = (list: readonly Field[]): unknown =>
    [...list]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((field) => [field.name, shape(field)]);
  return JSON.stringify(normalise(fields));
}
