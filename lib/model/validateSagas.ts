import { PARTICIPANT_KINDS } from "./analysisTypes";
import { DEAD_LETTER_NOTICE } from "./defaults";
import type { MessageUse } from "./issueCodes";
import { nameKey } from "./names";
import type { Board, NodeOfKind, SagaStep, StepMessage } from "./schema";
import { looksLikeEventName, looksPastTense } from "./tense";
import { report, type Context, type Where } from "./validateContext";
import { checkFields, payloadSignature } from "./validateFields";

/*
 * Validation of saga stickies (validate.ts calls it per sticky): the steps' participants, types
 * and order, and the step commands and replies, which are messages like any other (one name, one
 * contract). Also the names the runtime reserves, since step messages are where they are most
 * often taken. The saga pattern has rules of its own, so they read best together.
 */

/** One command or reply of a step, with its role and where it sits in the step (`.replies.success`). */
interface StepMessageAt {
  readonly message: StepMessage;
  readonly role: "command" | "reply";
  readonly path: string;
}

/** A step's messages, in the order their issues are reported: action, replies, compensation and its reply. */
function stepMessages(step: SagaStep): StepMessageAt[] {
  const messages: StepMessageAt[] = [
    { message: step.action, role: "command", path: ".action" },
    { message: step.replies.success, role: "reply", path: ".replies.success" },
  ];
  if (step.replies.failure) messages.push({ message: step.replies.failure, role: "reply", path: ".replies.failure" });
  if (step.compensation) {
    messages.push({ message: step.compensation, role: "command", path: ".compensation" });
    messages.push({ message: step.compensation.reply, role: "reply", path: ".compensation.reply" });
  }
  return messages;
}

export function checkSaga(context: Context, saga: NodeOfKind<"saga">, index: number, at: (suffix?: string) => Where): void {
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
    } else if (!participant || !(PARTICIPANT_KINDS as readonly string[]).includes(participant.kind)) {
      const kind = participant ? participant.kind : null;
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

    for (const { message, role, path: suffix } of stepMessages(step)) {
      checkStepMessage(context, message, role, { saga: saga.name, step: n }, `nodes[${index}].steps[${i}]${suffix}`, saga.id);
    }
  });
}

/**
 * A step's command or reply: its name (imperative commands, past-tense replies; not the name of
 * something else), its fields, and the same payload wherever the name appears.
 */
function checkStepMessage(context: Context, message: StepMessage, role: "command" | "reply", where: { saga: string; step: number }, path: string, nodeId: string): void {
  const at = { path: `${path}.name`, nodeId };
  if (role === "command" && looksLikeEventName(message.name)) report(context, "command-imperative", { name: message.name }, at);
  if (role === "reply" && !looksPastTense(message.name)) report(context, "event-tense", { name: message.name }, at);
  checkFields(context, message.payload, `${path}.payload`, nodeId);
  const key = nameKey(message.name);
  const use = (r: "command" | "reply", at: { saga: string; step: number }): MessageUse => ({ use: r === "command" ? "step-command" : "step-reply", ...at });
  const onBoard = context.boardNames.get(key);
  if (onBoard) {
    if (role === "reply" || onBoard.kind === "event") {
      report(context, "saga-message-name", { name: message.name, first: { use: onBoard.kind }, second: use(role, where) }, at);
      return;
    }
    if ("payload" in onBoard.node && payloadSignature(onBoard.node.payload) !== payloadSignature(message.payload)) {
      report(context, "saga-message-payload", { name: message.name, other: { on: "board", sticky: onBoard.node.name } }, { path: `${path}.payload`, nodeId });
    }
    return;
  }
  const earlier = context.sagaMessages.get(key);
  if (!earlier) {
    context.sagaMessages.set(key, { role, ...where, payload: message.payload });
    return;
  }
  if (earlier.role !== role) {
    report(context, "saga-message-name", { name: message.name, first: use(earlier.role, earlier), second: use(role, where) }, at);
  } else if (payloadSignature(earlier.payload) !== payloadSignature(message.payload)) {
    report(context, "saga-message-payload", { name: message.name, other: { on: "step", saga: earlier.saga, step: earlier.step } }, { path: `${path}.payload`, nodeId });
  }
}

/** Names the runtime gives its own messages (the dead-letter notice): no event, command or step message may take them. */
export function checkReservedNames(context: Context, board: Board): void {
  const reserved = nameKey(DEAD_LETTER_NOTICE.name);
  const hit = (name: string, path: string, nodeId: string) => {
    if (nameKey(name) === reserved) report(context, "name-reserved", { name: name.trim() }, { path, nodeId });
  };
  board.nodes.forEach((node, index) => {
    if (node.kind === "event" || node.kind === "command") hit(node.name, `nodes[${index}].name`, node.id);
    if (node.kind !== "saga") return;
    node.steps.forEach((step, i) => {
      for (const { message, path } of stepMessages(step)) hit(message.name, `nodes[${index}].steps[${i}]${path}.name`, node.id);
    });
  });
}
