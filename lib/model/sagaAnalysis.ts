import {
  PARTICIPANT_KINDS,
  type BoardAnalysis,
  type ParticipantInfo,
  type ParticipantKind,
  type SagaInfo,
  type SagaMessageInfo,
  type SagaMessageRole,
  type SagaStepInfo,
  type StickyRef,
} from "./analysisTypes";
import { DEAD_LETTER_NOTICE, sagaStepTimeoutMs } from "./defaults";
import { first, firstDescription, mergedStickies, unique, type FlowGraph } from "./flowGraph";
import { eventTypeOf, nameKey } from "./names";
import type { BoardNode, EventTypeStyle, StepMessage } from "./schema";

/*
 * The saga half of the analysis (analyze.ts): each saga's steps resolved against the board, the
 * stickies the steps orchestrate, and the step commands and replies merged by name. Sagas are the
 * one part of a board with their own nested structure (steps, replies, compensations), so their
 * derivation reads best on its own.
 */

/** The events a sticky emits on its outgoing edges, split by the events' outcome. */
export type EmittedEvents = (node: BoardNode) => { success: string[]; failure: string[] };

/** Every saga on the board, merged by name, with its steps resolved (see {@link SagaInfo}). */
export function sagasOf(graph: FlowGraph, emitted: EmittedEvents): SagaInfo[] {
  return graph.groups("saga").map((group): SagaInfo => {
    const ends = group.nodes.map(emitted);
    return {
      ...mergedStickies(group),
      description: firstDescription(group.nodes),
      steps: first(group.nodes).steps.map((step, index): SagaStepInfo => {
        const target = step.participant ? graph.maybeNode(step.participant) : undefined;
        const participant =
          target && (PARTICIPANT_KINDS as readonly string[]).includes(target.kind)
            ? { kind: target.kind as ParticipantKind, name: graph.nameOf(target), nodeId: target.id }
            : null;
        return {
          index,
          id: step.id,
          type: step.type,
          participant,
          action: step.action,
          success: step.replies.success,
          failure: step.replies.failure ?? null,
          compensation: step.type === "compensable" ? (step.compensation ?? null) : null,
          timeoutMs: sagaStepTimeoutMs(step),
        };
      }),
      startedBy: graph.relatedNames(group.nodes, "in", ["command", "event"]),
      successEvents: unique(ends.flatMap((end) => end.success)),
      failureEvents: unique(ends.flatMap((end) => end.failure)),
    };
  });
}

/** Every sticky that saga steps orchestrate, merged by kind and name, in order of first use. */
export function participantsOf(graph: FlowGraph, sagas: readonly SagaInfo[]): ParticipantInfo[] {
  const byKey = new Map<string, { ref: StickyRef<ParticipantKind>; nodeIds: string[]; steps: { saga: string; stepIndex: number }[]; commands: string[] }>();
  for (const saga of sagas) {
    for (const step of saga.steps) {
      if (!step.participant) continue;
      const key = `${step.participant.kind}:${nameKey(step.participant.name)}`;
      let entry = byKey.get(key);
      if (!entry) {
        const group = graph.groupNodes(step.participant.nodeId);
        entry = { ref: step.participant, nodeIds: group.map((node) => node.id), steps: [], commands: [] };
        byKey.set(key, entry);
      }
      entry.steps.push({ saga: saga.name, stepIndex: step.index });
      for (const command of [step.action, step.compensation]) {
        if (command && !entry.commands.some((name) => nameKey(name) === nameKey(command.name))) entry.commands.push(command.name.trim());
      }
    }
  }
  return [...byKey.values()].map((entry) => ({
    ...entry.ref,
    key: nameKey(entry.ref.name),
    nodeIds: entry.nodeIds,
    steps: entry.steps,
    commands: entry.commands,
  }));
}

type MessageUse = SagaMessageInfo["uses"][number];
type MessageEntry = Omit<SagaMessageInfo, "type" | "onBoard" | "uses"> & { uses: MessageUse[] };

/**
 * The messages of one step a pass collects, with their role. The passes run over every saga and
 * step in turn, so each list is in pass, then saga, then step order.
 */
type StepPass = (step: SagaStepInfo) => readonly (readonly [StepMessage | null, SagaMessageRole])[];

const COMMAND_PASSES: readonly StepPass[] = [
  (step) => [[step.action, "action"]],
  (step) => [[step.compensation, "compensation"]],
];
const REPLY_PASSES: readonly StepPass[] = [
  (step) => [
    [step.success, "success"],
    [step.failure, "failure"],
  ],
  (step) => [[step.compensation?.reply ?? null, "compensated"]],
];

/** The commands and replies of every saga step, merged by name (see {@link SagaMessageInfo}). */
export function sagaMessagesOf(
  sagas: readonly SagaInfo[],
  style: EventTypeStyle,
  boardCommands: ReadonlySet<string>,
): Pick<BoardAnalysis, "sagaCommands" | "sagaReplies"> {
  const collect = (kind: MessageEntry["kind"], passes: readonly StepPass[]) => {
    const entries = new Map<string, MessageEntry>();
    for (const pass of passes) {
      for (const saga of sagas) {
        for (const step of saga.steps) {
          for (const [message, role] of pass(step)) {
            if (message) addUse(entries, kind, message, useOf(saga, step.index, role, step.participant?.name ?? null));
          }
        }
      }
    }
    return entries;
  };
  const commands = collect("command", COMMAND_PASSES);
  const replies = collect("reply", REPLY_PASSES);
  // Every saga with steps may be told that a participant gave up on one of its commands.
  const noticeKey = nameKey(DEAD_LETTER_NOTICE.name);
  const withSteps = sagas.filter((saga) => saga.steps.length > 0);
  if (withSteps.length > 0 && !replies.has(noticeKey)) {
    replies.set(noticeKey, {
      key: noticeKey,
      name: DEAD_LETTER_NOTICE.name,
      kind: "reply",
      description: DEAD_LETTER_NOTICE.description,
      payload: DEAD_LETTER_NOTICE.payload,
      uses: withSteps.map((saga) => useOf(saga, -1, "dead-lettered", null)),
    });
  }
  return {
    sagaCommands: [...commands.values()].map((entry) => ({ ...entry, type: eventTypeOf(entry.name, "pascal"), onBoard: boardCommands.has(entry.key) })),
    sagaReplies: [...replies.values()].map((entry) => ({ ...entry, type: entry.key === noticeKey ? DEAD_LETTER_NOTICE.type : eventTypeOf(entry.name, style), onBoard: false })),
  };
}

function useOf(saga: SagaInfo, stepIndex: number, role: SagaMessageRole, participant: string | null): MessageUse {
  return { saga: saga.name, sagaNodeId: saga.nodeIds[0] ?? "", stepIndex, role, participant };
}

/** Adds a use of `message` to its entry by name, creating the entry (with this use's text and payload) on first use. */
function addUse(into: Map<string, MessageEntry>, kind: MessageEntry["kind"], message: StepMessage, use: MessageUse): void {
  const key = nameKey(message.name);
  let entry = into.get(key);
  if (!entry) {
    entry = { key, name: message.name.trim(), kind, description: message.description?.trim() || null, payload: message.payload, uses: [] };
    into.set(key, entry);
  }
  entry.uses.push(use);
}
