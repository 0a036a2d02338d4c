/*
 * The catalogue of validation issues, in one place (as React Flow keeps its error messages):
 * every code with its severity and the sentence the user reads. The Problems panel, the API
 * and the CLI all show these same words. Names are quoted with `q` so a name with quotes or
 * line breaks cannot garble the sentence.
 */

import { isolateBidi } from "./bidi";
import { KIND_META, withArticle, type NodeKind } from "./kinds";

export type IssueSeverity = "error" | "warning";

/**
 * `"Order"`, truncated and on one line. Quotes inside stay as typed (`"alert("x")"`): a message
 * is read by people, and JSON's backslashes read as part of the name; control characters become �.
 */
export function quoteName(name: string): string {
  const flat = name.replace(/\s+/gu, " ").replace(/\p{Cc}/gu, "\uFFFD").trim();
  // Cut by code point, so an emoji is never split into a lone surrogate (shown as �).
  const points = Array.from(flat);
  // Isolated (bidi.ts) after the cut, so an override in the name ends inside the quotes even when its end was cut off.
  return `"${isolateBidi(points.length > 60 ? `${points.slice(0, 59).join("")}…` : flat)}"`;
}

/** A name in JSON quotes, isolated like {@link quoteName}'s (messages that quote a saga or a channel owner exactly). */
export function jsonQuoteName(name: string): string {
  return JSON.stringify(isolateBidi(name));
}

const q = quoteName;

/*
 * Parameters are facts, not English phrases: a kind id, a step number, a saga's name. The English
 * phrase is built here, so another language's catalogue (components/panels/issueMessages.ko.ts)
 * builds its own sentence from the same facts.
 */

/** The kinds that report `consumer-no-input`. */
export type InputlessKind = "service" | "policy" | "readModel" | "saga";

/** One use of a message name: a sticky on the board, or a saga step's command or reply. */
export type MessageUse =
  | { readonly use: "event" | "command" }
  | { readonly use: "step-command" | "step-reply"; readonly saga: string; readonly step: number };

/** Where the payload a message name was first given is: a command sticky, or a saga step. */
export type PayloadOrigin = { readonly on: "board"; readonly sticky: string } | { readonly on: "step"; readonly saga: string; readonly step: number };

/** What a channel carries: the event topic, or the command or reply channel of its owner. */
export type ChannelUse = { readonly kind: "events" } | { readonly kind: "commands" | "replies"; readonly owner: string };

/** `step 2 of saga "Checkout"`: names here are JSON-quoted, as they were before the catalogue. */
function stepOf(saga: string, step: number): string {
  return `step ${step} of saga ${jsonQuoteName(saga.trim())}`;
}

function useText(use: MessageUse): string {
  if (!("saga" in use)) return `${use.use === "event" ? "an event" : "a command"} on the board`;
  return `${use.use === "step-command" ? "a step command" : "a step reply"} (${stepOf(use.saga, use.step)})`;
}

function channelText(channel: ChannelUse): string {
  if (channel.kind === "events") return "an event topic";
  return channel.kind === "commands"
    ? `the command channel of ${jsonQuoteName(channel.owner)}`
    : `the reply channel of saga ${jsonQuoteName(channel.owner)}`;
}

export const ISSUE_CATALOGUE = {
  "edge-grammar": {
    severity: "error",
    // `reason` is the grammar's English; the kinds and `sameSticky` let a translation give its own.
    message: (p: { source: string; target: string; reason: string; sourceKind: NodeKind; targetKind: NodeKind; sameSticky: boolean }) =>
      `The edge from ${q(p.source)} to ${q(p.target)} is not allowed. ${p.reason}`,
  },
  "edge-dangling": {
    severity: "error",
    message: (p: { end: "source" | "target"; nodeId: string }) =>
      `The edge's ${p.end} is missing: no sticky has the id ${q(p.nodeId)}.`,
  },
  "event-tense": {
    severity: "warning",
    message: (p: { name: string }) =>
      `Event ${q(p.name)} does not read as something that happened: name events in the past tense (e.g. "OrderPlaced").`,
  },
  "command-imperative": {
    severity: "warning",
    message: (p: { name: string }) =>
      `Command ${q(p.name)} reads like an event: name commands as requests, verb first (e.g. "PlaceOrder").`,
  },
  "event-no-producer": {
    severity: "error",
    message: (p: { name: string }) =>
      `Event ${q(p.name)} has no producer: connect the aggregate, service, saga or external system that emits it.`,
  },
  "consumer-no-input": {
    severity: "warning",
    message: (p: { kind: InputlessKind; name: string }) =>
      p.kind === "saga"
        ? `Saga ${q(p.name)} is started by nothing: connect the command or event that starts it.`
        : `${KIND_META[p.kind].label} ${q(p.name)} receives no event: connect the event it ${p.kind === "readModel" ? "projects" : "reacts to"}.`,
  },
  "saga-empty": {
    severity: "error",
    message: (p: { name: string }) => `Saga ${q(p.name)} has no steps: list the steps it runs, in order.`,
  },
  "saga-step-no-compensation": {
    severity: "error",
    message: (p: { saga: string; step: number; action: string }) =>
      `Step ${p.step} of saga ${q(p.saga)} (${q(p.action)}) is compensable but has no compensation: give it the command that undoes it, or make it the pivot or a retriable step.`,
  },
  "saga-step-no-participant": {
    severity: "error",
    message: (p: { saga: string; step: number; action: string }) =>
      `Step ${p.step} of saga ${q(p.saga)} (${q(p.action)}) has no participant: choose the service, aggregate or external system that handles it.`,
  },
  "saga-step-participant-missing": {
    severity: "error",
    message: (p: { saga: string; step: number; participant: string; kind: NodeKind | null }) =>
      p.kind === null
        ? `Step ${p.step} of saga ${q(p.saga)} names participant ${q(p.participant)}, but no sticky has that id: choose the service, aggregate or external system that handles it.`
        : `Step ${p.step} of saga ${q(p.saga)} names ${q(p.participant)}, ${withArticle(p.kind)}, as its participant: only a service, an aggregate or an external system can handle a step.`,
  },
  "saga-step-order": {
    severity: "error",
    message: (p: { saga: string; step: number; other: number; problem: "second-pivot" | "retriable-before-pivot" | "retriable-before-compensable" }) =>
      p.problem === "second-pivot"
        ? `Saga ${q(p.saga)} has a second pivot at step ${p.step} (the first is step ${p.other}): a saga has one go/no-go step.`
        : `Step ${p.step} of saga ${q(p.saga)} is retriable but comes before step ${p.other}, ${p.problem === "retriable-before-pivot" ? "the pivot" : "a compensable step"}: retriable steps are never compensated, so they come after the pivot and every compensable step.`,
  },
  "saga-step-after-pivot": {
    severity: "warning",
    message: (p: { saga: string; step: number; pivot: number }) =>
      `Step ${p.step} of saga ${q(p.saga)} is compensable but comes after the pivot (step ${p.pivot}): once the pivot succeeded the saga should not turn back; if step ${p.step} fails, the saga still compensates the compensable steps before it.`,
  },
  "saga-compensation-ignored": {
    severity: "warning",
    message: (p: { saga: string; step: number; type: "pivot" | "retriable"; compensation: string }) =>
      `Step ${p.step} of saga ${q(p.saga)} is ${p.type === "pivot" ? "the pivot" : "retriable"}, so its compensation ${q(p.compensation)} is never sent: only compensable steps are compensated.`,
  },
  "saga-participant-not-connected": {
    severity: "warning",
    message: (p: { saga: string; participant: string; step: number }) =>
      `Saga ${q(p.saga)} orchestrates ${q(p.participant)} (step ${p.step}) but no edge shows it: draw the edge from the saga to ${q(p.participant)}.`,
  },
  "saga-edge-no-step": {
    severity: "warning",
    message: (p: { saga: string; participant: string }) =>
      `The edge from saga ${q(p.saga)} to ${q(p.participant)} says the saga orchestrates it, but no step of the saga has ${q(p.participant)} as its participant.`,
  },
  "saga-message-name": {
    severity: "error",
    message: (p: { name: string; first: MessageUse; second: MessageUse }) =>
      `${q(p.name)} is both ${useText(p.first)} and ${useText(p.second)}: one name is one thing on a board, so rename one of them.`,
  },
  "saga-message-payload": {
    severity: "error",
    message: (p: { name: string; other: PayloadOrigin }) =>
      `${q(p.name)} has a different payload than ${p.other.on === "board" ? `the command sticky ${jsonQuoteName(p.other.sticky.trim())} on the board` : `in ${stepOf(p.other.saga, p.other.step)}`}: one name is one contract, so their payloads must match.`,
  },
  "consumer-group-taken": {
    severity: "error",
    message: (p: { group: string; first: string; second: string }) =>
      `Consumer group ${q(p.group)} is set on both ${q(p.first)} and ${q(p.second)}: every consumer needs its own group.`,
  },
  "name-reserved": {
    severity: "error",
    message: (p: { name: string }) =>
      `${q(p.name)} is the name of the notice a participant sends a saga when it gives up on a step command: choose another name.`,
  },
  "consumer-group-is-dlq": {
    severity: "error",
    message: (p: { group: string; consumer: string; other: string }) =>
      `Consumer group ${q(p.group)} of ${q(p.consumer)} clashes with group ${q(p.other)}: one is named like the other's dead-letter queue (\`<group>.dlq\`). Choose another name.`,
  },
  "delivery-override-ignored": {
    severity: "warning",
    message: (p: { sticky: string; key: string; value: string; group: string; used: string }) =>
      `${q(p.sticky)} sets ${p.key} to ${p.value}, but its consumer group ${q(p.group)} is shared with an earlier sticky of the same name, whose ${p.key} (${p.used}) is the one used: set it on one of them, or the same on both.`,
  },
  "consumer-group-renamed": {
    severity: "warning",
    message: (p: { consumer: string; group: string; wanted: string; holder: string }) =>
      `The consumer group of ${q(p.consumer)} is ${q(p.group)}, not ${q(p.wanted)}: ${q(p.holder)} has that name (or its dead-letter queue). Set a group name in its delivery settings to choose one.`,
  },
  "channel-name-taken": {
    severity: "error",
    message: (p: { channel: string; first: ChannelUse; second: ChannelUse }) =>
      `Channel ${q(p.channel)} is both ${channelText(p.first)} and ${channelText(p.second)}: give each its own channel.`,
  },
  "partition-key-unknown": {
    severity: "warning",
    message: (p: { name: string; key: string; problem: "unknown" | "not-scalar" }) =>
      p.problem === "unknown"
        ? `Event ${q(p.name)} is partitioned by ${q(p.key)}, which is not one of its top-level payload fields: its messages are keyed by the aggregate id instead.`
        : `Event ${q(p.name)} is partitioned by ${q(p.key)}, a field that is not a string, number, date or id: its messages are keyed by the aggregate id instead.`,
  },
  "duplicate-saga-step-id": {
    severity: "error",
    message: (p: { saga: string; id: string }) =>
      `Saga ${q(p.saga)} has more than one step with the id ${q(p.id)}: step ids must be unique in a saga.`,
  },
  "payload-mismatch": {
    severity: "error",
    message: (p: { kind: "Event" | "Command"; name: string; firstNodeId: string }) =>
      `${p.kind} ${q(p.name)} appears again with a different payload than on sticky ${q(p.firstNodeId)}: stickies with one name are one ${p.kind.toLowerCase()}, so their payloads must match.`,
  },
  "field-name-invalid": {
    severity: "error",
    message: (p: { name: string; duplicate: boolean }) =>
      p.duplicate
        ? `Field ${q(p.name)} is listed twice: field names must be unique in a list.`
        : `Field name ${q(p.name)} is not a valid identifier: use letters, digits, "_" or "$", not starting with a digit (e.g. "orderId").`,
  },
  "field-shape": {
    severity: "warning",
    message: (p: { name: string; problem: "fields" | "items" | "no-items"; type: string }) =>
      p.problem === "no-items"
        ? `Array field ${q(p.name)} does not say what it holds: set its "items".`
        : `Field ${q(p.name)} is of type ${p.type}, so its "${p.problem}" ${p.problem === "fields" ? "(only for objects)" : "(only for arrays)"} is ignored.`,
  },
  "command-no-handler": {
    severity: "warning",
    message: (p: { name: string }) =>
      `Command ${q(p.name)} is handled by nothing: connect it to the aggregate, external system or saga that handles it.`,
  },
  "policy-no-command": {
    severity: "warning",
    message: (p: { name: string }) => `Policy ${q(p.name)} issues no command: connect it to the command it issues.`,
  },
  "event-type-collision": {
    severity: "error",
    message: (p: { name: string; other: string; eventType: string }) =>
      `Events ${q(p.other)} and ${q(p.name)} both get the event type ${q(p.eventType)}: rename one of them.`,
  },
} as const satisfies Record<string, { severity: IssueSeverity; message: (params: never) => string }>;

/** Every validation issue code: `"edge-grammar"`, `"event-tense"`, ... */
export type IssueCode = keyof typeof ISSUE_CATALOGUE;

/** The parameters the message of `C` needs. */
export type IssueParams<C extends IssueCode> = Parameters<(typeof ISSUE_CATALOGUE)[C]["message"]>[0];

/** All codes, in catalogue order. */
export const ISSUE_CODES = Object.keys(ISSUE_CATALOGUE) as IssueCode[];

/** The severity and message of an issue of `code` with `params`. */
export function describeIssue<C extends IssueCode>(
  code: C,
  params: IssueParams<C>,
): { severity: IssueSeverity; message: string } {
  const entry = ISSUE_CATALOGUE[code];
  return { severity: entry.severity, message: (entry.message as (p: IssueParams<C>) => string)(params) };
}
