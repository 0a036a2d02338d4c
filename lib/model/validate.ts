import {
  analyzeBoard,
  type CommandInfo,
  type EventInfo,
  type PolicyInfo,
  type ReadModelInfo,
  type SagaInfo,
  type ServiceAction,
} from "./analyze";
import { fieldRequired } from "./defaults";
import { checkNodeConnection } from "./grammar";
import { describeIssue, type IssueCode, type IssueParams, type IssueSeverity } from "./issueCodes";
import { nameKey } from "./names";
import type { Board, BoardNode, Field, FieldShape, NodeOfKind } from "./schema";
import { looksLikeEventName, looksPastTense } from "./tense";

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
    events: byKey(flow.events),
    commands: byKey(flow.commands),
    policies: byKey(flow.policies),
    readModels: byKey(flow.readModels),
    sagas: byKey(flow.sagas),
    serviceActions: new Map(flow.services.flatMap((service) => service.actions).map((a) => [a.nodeId, a])),
    firstOfName: new Map(),
    eventTypeOwner: new Map(),
    issues: [],
  };
  board.nodes.forEach((node, index) => checkNode(context, node, index));
  const byId = new Map(board.nodes.map((node) => [node.id, node]));
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
    }
  });
  return context.issues;
}

/** The analysis, indexed, and what the node loop has seen so far. */
interface Context {
  readonly events: ReadonlyMap<string, EventInfo>;
  readonly commands: ReadonlyMap<string, CommandInfo>;
  readonly policies: ReadonlyMap<string, PolicyInfo>;
  readonly readModels: ReadonlyMap<string, ReadModelInfo>;
  readonly sagas: ReadonlyMap<string, SagaInfo>;
  readonly serviceActions: ReadonlyMap<string, ServiceAction>;
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
      if (action && action.consumes.length === 0 && action.emits.length === 0) {
        report(context, "consumer-no-input", { kind: "Service", name: node.name }, at());
      }
      break;
    }
    case "saga":
      checkSaga(context, node, at);
      if (isFirst && context.sagas.get(key)?.startedBy.length === 0) {
        report(context, "consumer-no-input", { kind: "Saga", name: node.name }, at());
      }
      break;
    default:
      break;
  }
}

function checkSaga(context: Context, saga: NodeOfKind<"saga">, at: (suffix?: string) => Where): void {
  if (saga.steps.length === 0) {
    report(context, "saga-empty", { name: saga.name }, at(".steps"));
    return;
  }
  const seen = new Set<string>();
  saga.steps.forEach((step, i) => {
    if (seen.has(step.id)) {
      report(context, "duplicate-saga-step-id", { saga: saga.name, id: step.id }, at(`.steps[${i}].id`));
    }
    seen.add(step.id);
    // The last step needs none: nothing after it can fail.
    if (step.compensation === null && i < saga.steps.length - 1) {
      report(
        context,
        "saga-step-no-compensation",
        { saga: saga.name, step: i + 1, action: step.action },
        at(`.steps[${i}].compensation`),
      );
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
