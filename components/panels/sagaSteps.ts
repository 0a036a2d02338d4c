import { PARTICIPANT_KINDS, type ParticipantKind } from "@/lib/model/analyze";
import { LIMITS } from "@/lib/model/limits";
import { nameKey } from "@/lib/model/names";
import type { Board, SagaStep, SagaStepType, StepCompensation, StepMessage } from "@/lib/model/schema";
import type { Issue } from "@/lib/model/validate";

/*
 * The saga steps editor's logic, without React: which stickies can take part, what a new step
 * looks like, how names follow each other while typing, and which validation issue belongs under
 * which input. The editor component only wires these to inputs.
 */

/** One participant choice: a service, aggregate or external system, merged by kind and name. */
export interface ParticipantOption {
  /** The first sticky's id: what a step stores when this option is picked. */
  readonly id: string;
  /** The first sticky's name, trimmed. */
  readonly name: string;
  readonly kind: ParticipantKind;
  /** Every sticky of this kind and name. */
  readonly nodeIds: readonly string[];
}

/**
 * The board's possible participants in board order: one option per kind and name (stickies of
 * one kind and name are one thing), carrying the first sticky's id.
 */
export function participantOptions(board: Pick<Board, "nodes">): ParticipantOption[] {
  const byKey = new Map<string, { id: string; name: string; kind: ParticipantKind; nodeIds: string[] }>();
  for (const node of board.nodes) {
    if (!(PARTICIPANT_KINDS as readonly string[]).includes(node.kind)) continue;
    const key = `${node.kind}:${nameKey(node.name)}`;
    const entry = byKey.get(key);
    if (entry) entry.nodeIds.push(node.id);
    else byKey.set(key, { id: node.id, name: node.name.trim(), kind: node.kind as ParticipantKind, nodeIds: [node.id] });
  }
  return [...byKey.values()];
}

/** The option a stored participant id belongs to (any sticky of the merged group), or null. */
export function optionOf(options: readonly ParticipantOption[], participant: string | undefined): ParticipantOption | null {
  if (participant === undefined) return null;
  return options.find((option) => option.nodeIds.includes(participant)) ?? null;
}

/** `<Action>Completed`: the default success reply of an action. */
export const successReplyName = (action: string) => `${action.trim()}Completed`;
/** `<Action>Failed`: the default failure reply of an action. */
export const failureReplyName = (action: string) => `${action.trim()}Failed`;
/** `<Compensation>Completed`: the default reply of a compensation. */
export const compensatedReplyName = (compensation: string) => `${compensation.trim()}Completed`;

/**
 * The type a step at `index` gets by default: compensable when a pivot comes later, retriable
 * when one came before, else the pivot. Appended steps are thus the pivot first, then retriable.
 */
export function defaultStepType(steps: readonly Pick<SagaStep, "type">[], index: number): SagaStepType {
  if (steps.slice(index).some((step) => step.type === "pivot")) return "compensable";
  if (steps.slice(0, index).some((step) => step.type === "pivot")) return "retriable";
  return "pivot";
}

/** `base`, else `base2`, `base3` …: the first action name no step of the saga uses. */
export function freshActionName(steps: readonly SagaStep[], base: string): string {
  const taken = new Set(steps.map((step) => nameKey(step.action.name)));
  if (!taken.has(nameKey(base))) return base;
  for (let n = 2; ; n++) if (!taken.has(nameKey(`${base}${n}`))) return `${base}${n}`;
}

const message = (name: string): StepMessage => ({ name, payload: [] });

/**
 * The participant a new step of saga `sagaId` gets: the first sticky (in edge order) the saga
 * already orchestrates by an edge, so adding a step never draws an edge of its own; none when
 * the saga reaches no participant yet (the user then picks one, which draws the edge).
 */
export function defaultParticipant(board: Pick<Board, "nodes" | "edges">, sagaId: string): string | undefined {
  const kinds = new Map(board.nodes.map((node) => [node.id, node.kind]));
  const isParticipant = (id: string) => (PARTICIPANT_KINDS as readonly string[]).includes(kinds.get(id) ?? "");
  return board.edges.find((edge) => edge.source === sagaId && isParticipant(edge.target))?.target;
}

/**
 * A new last step of saga `sagaId`: the {@link defaultParticipant}, the type
 * {@link defaultStepType} gives, a fresh action name and the replies derived from it.
 */
export function newSagaStep(board: Pick<Board, "nodes" | "edges">, sagaId: string, steps: readonly SagaStep[], id: string, actionBase: string): SagaStep {
  const participant = defaultParticipant(board, sagaId);
  const action = freshActionName(steps, actionBase);
  return {
    id,
    type: defaultStepType(steps, steps.length),
    ...(participant === undefined ? {} : { participant }),
    action: message(action),
    replies: { success: message(successReplyName(action)), failure: message(failureReplyName(action)) },
  };
}

/** `reply`, renamed after `newName` when it still has the name `derive` gives for `oldName`. */
function follows(reply: StepMessage, oldName: string, derive: (name: string) => string, newName: string): StepMessage {
  return reply.name === derive(oldName) ? { ...reply, name: derive(newName) } : reply;
}

/**
 * The step with its action renamed. Replies still named after the old action
 * (`<Action>Completed`, `<Action>Failed`) are renamed with it; edited ones are left alone.
 */
export function renameAction(step: SagaStep, name: string): SagaStep {
  const old = step.action.name;
  if (old === name) return step;
  const success = follows(step.replies.success, old, successReplyName, name);
  const failure = step.replies.failure ? follows(step.replies.failure, old, failureReplyName, name) : undefined;
  return {
    ...step,
    action: { ...step.action, name },
    replies: { ...step.replies, success: clampName(success), ...(failure ? { failure: clampName(failure) } : {}) },
  };
}

/** A derived name may outgrow the name limit: it is cut there. */
function clampName<T extends StepMessage>(message: T): T {
  return message.name.length > LIMITS.nameLength ? { ...message, name: message.name.slice(0, LIMITS.nameLength) } : message;
}

/** The step with its success reply renamed. */
export function renameSuccess(step: SagaStep, name: string): SagaStep {
  return { ...step, replies: { ...step.replies, success: { ...step.replies.success, name } } };
}

/** The step with its failure reply renamed; an empty name removes the failure reply. */
export function renameFailure(step: SagaStep, name: string): SagaStep {
  const { failure, ...replies } = step.replies;
  if (name === "") return failure ? { ...step, replies } : step;
  return { ...step, replies: { ...replies, failure: failure ? { ...failure, name } : message(name) } };
}

/**
 * The step with its compensation renamed: a first name creates it (its reply
 * `<Compensation>Completed`), an empty name removes it, and a reply still named after the old
 * compensation follows.
 */
export function renameCompensation(step: SagaStep, name: string): SagaStep {
  const { compensation, ...rest } = step;
  if (name === "") return compensation ? rest : step;
  if (!compensation) return { ...step, compensation: { name, payload: [], reply: message(compensatedReplyName(name)) } };
  const reply = clampName(follows(compensation.reply, compensation.name, compensatedReplyName, name));
  return { ...step, compensation: { ...compensation, name, reply } };
}

/** The step with its compensation's reply renamed (a step without a compensation is unchanged). */
export function renameCompensationReply(step: SagaStep, name: string): SagaStep {
  if (!step.compensation) return step;
  return { ...step, compensation: { ...step.compensation, reply: { ...step.compensation.reply, name } } };
}

/** The step with its compensation replaced by `update(compensation)` (no compensation: unchanged). */
export function updateCompensation(step: SagaStep, update: (c: StepCompensation) => StepCompensation): SagaStep {
  return step.compensation ? { ...step, compensation: update(step.compensation) } : step;
}

/** The step without its compensation (kept on pivot and retriable steps until the user removes it). */
export function withoutCompensation(step: SagaStep): SagaStep {
  const { compensation: _, ...rest } = step;
  return step.compensation ? rest : step;
}

/** One message of a step as the editor shows it: where its issues go, its test id part, how it changes. */
export interface StepMessageSlot {
  /** Its issues' slot (see {@link stepIssues}). */
  readonly slot: "action" | "success" | "failure" | "compensation" | "compensationReply";
  /** The suffix of its input's id and of its typing's merge key: `action`, `compensation-reply`. */
  readonly id: string;
  /** Required names cannot be emptied; emptying an optional one removes the message. */
  readonly required: boolean;
  /** The message, or undefined while an optional one is not set. */
  message(step: SagaStep): StepMessage | undefined;
  rename(step: SagaStep, name: string): SagaStep;
  /** The step with this message's payload replaced (unchanged when the message is not set). */
  withPayload(step: SagaStep, payload: StepMessage["payload"]): SagaStep;
}

/** A step's messages, in the editor's order: the command, its replies, the compensation and its reply. */
export const STEP_MESSAGE_SLOTS: readonly StepMessageSlot[] = [
  {
    slot: "action",
    id: "action",
    required: true,
    message: (step) => step.action,
    rename: renameAction,
    withPayload: (step, payload) => ({ ...step, action: { ...step.action, payload } }),
  },
  {
    slot: "success",
    id: "success",
    required: true,
    message: (step) => step.replies.success,
    rename: renameSuccess,
    withPayload: (step, payload) => ({ ...step, replies: { ...step.replies, success: { ...step.replies.success, payload } } }),
  },
  {
    slot: "failure",
    id: "failure",
    required: false,
    message: (step) => step.replies.failure,
    rename: renameFailure,
    withPayload: (step, payload) => {
      const failure = step.replies.failure;
      return failure ? { ...step, replies: { ...step.replies, failure: { ...failure, payload } } } : step;
    },
  },
  {
    slot: "compensation",
    id: "compensation",
    required: false,
    message: (step) => step.compensation,
    rename: renameCompensation,
    withPayload: (step, payload) => updateCompensation(step, (c) => ({ ...c, payload })),
  },
  {
    slot: "compensationReply",
    id: "compensation-reply",
    required: true,
    message: (step) => step.compensation?.reply,
    rename: renameCompensationReply,
    withPayload: (step, payload) => updateCompensation(step, (c) => ({ ...c, reply: { ...c.reply, payload } })),
  },
];

/**
 * The messages the editor shows for `step`: the command and both replies always; on a
 * compensable step, the compensation, and its reply once the compensation is named.
 */
export function shownMessageSlots(step: SagaStep): StepMessageSlot[] {
  return STEP_MESSAGE_SLOTS.filter((slot) => {
    if (slot.slot === "compensation") return step.type === "compensable";
    if (slot.slot === "compensationReply") return step.type === "compensable" && step.compensation !== undefined;
    return true;
  });
}

/** Where under a step an issue is shown. */
export type StepSlot = "step" | "type" | "participant" | "action" | "success" | "failure" | "compensation" | "compensationReply" | "timeout";

const STEP_PATH = /^nodes\[\d+\]\.steps\[(\d+)\](.*)$/;

/** Which input an issue path below a step (`.replies.failure.name`) belongs to. */
function slotOf(rest: string): StepSlot {
  if (rest.startsWith(".type")) return "type";
  if (rest.startsWith(".participant")) return "participant";
  if (rest.startsWith(".action")) return "action";
  if (rest.startsWith(".replies.success")) return "success";
  if (rest.startsWith(".replies.failure")) return "failure";
  if (rest.startsWith(".compensation.reply")) return "compensationReply";
  if (rest.startsWith(".compensation")) return "compensation";
  if (rest.startsWith(".timeoutMs")) return "timeout";
  return "step";
}

/** The step and input an issue path points at (`nodes[3].steps[4].participant` → step 4, participant); null for other paths. */
export function stepTargetOf(path: string): { index: number; slot: StepSlot } | null {
  const match = STEP_PATH.exec(path);
  return match ? { index: Number(match[1]), slot: slotOf(match[2]!) } : null;
}

/** Issues of the steps of one saga, by step index and then by the input they belong under. */
export type StepIssues = ReadonlyMap<number, Partial<Record<StepSlot, Issue[]>>>;

/**
 * The issues of saga sticky `sagaId`'s steps, placed by their path (`nodes[3].steps[1].participant`
 * goes under step 2's participant). Problems inside a payload's fields are left out: the fields
 * editor shows those on the field itself.
 */
export function stepIssues(issues: readonly Issue[], sagaId: string): StepIssues {
  const out = new Map<number, Partial<Record<StepSlot, Issue[]>>>();
  for (const issue of issues) {
    if (issue.nodeId !== sagaId) continue;
    const match = STEP_PATH.exec(issue.path);
    if (!match || /\.payload\[/.test(match[2]!)) continue;
    const index = Number(match[1]);
    const slot = slotOf(match[2]!);
    const slots = out.get(index) ?? {};
    (slots[slot] ??= []).push(issue);
    out.set(index, slots);
  }
  return out;
}

/** A step timeout as typed: blank is the default (undefined), else whole milliseconds 1-3,600,000. */
export function parseTimeout(text: string): { ok: true; value: number | undefined } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  if (!/^\d+$/.test(trimmed)) return { ok: false };
  const value = Number(trimmed);
  return value >= 1 && value <= LIMITS.delayMs ? { ok: true, value } : { ok: false };
}

/** A message name as typed: required ones must not be blank; optional ones may be empty (none). */
export function nameProblem(text: string, required: boolean): "required" | "blank" | null {
  if (text === "") return required ? "required" : null;
  return text.trim() === "" ? "blank" : null;
}
