import { analyzeBoard } from "./analyze";
import type { BoardAnalysis, SagaMessageInfo, SagaMessageRole } from "./analysisTypes";
import type { NodeKind } from "./kinds";
import { nameKey } from "./names";
import type { Board, Field } from "./schema";

/*
 * The contracts of a board: what producers and consumers agree on, and so what a change can
 * break. Read from the board's analysis (one name, one contract, as everywhere): every event,
 * every command, and every saga step command and reply that is not also a command sticky.
 */

export type ContractKind = "event" | "command" | "step-command" | "step-reply";

/** A sticky that reads a contract: a consumer of an event, a handler of a command, a step's participant or saga. */
export interface ContractConsumer {
  readonly id: string;
  readonly name: string;
  readonly kind: NodeKind;
}

export interface Contract {
  readonly kind: ContractKind;
  /** `nameKey` of the name: a contract is the same contract in two boards when kind and key are equal. */
  readonly key: string;
  readonly name: string;
  /**
   * What the message is called on the wire: an event's or reply's event type in the board's style
   * (`order.placed`), a step command's type, a command's name. Two boards whose contract differs
   * only here (a name's case, the board's event type style) are not compatible.
   */
  readonly type: string;
  /**
   * What identifies the contract apart from its name, to tell a rename: the sticky ids of an event
   * or command; for a step message, `<saga sticky>/<step id>/<role>` of each use.
   */
  readonly identities: readonly string[];
  /** The stickies that hold it, to point at on the canvas: an event's or command's stickies; a step message's saga stickies. */
  readonly nodeIds: readonly string[];
  readonly payload: readonly Field[];
  /** Events only: schema version, topic, partition key, and the aggregate (the envelope's `aggregateType`; null: none). */
  readonly version?: number;
  readonly aggregate?: string | null;
  readonly topic?: string;
  readonly partitionKey?: string;
  readonly consumers: readonly ContractConsumer[];
}

/** Every contract of `board`, in board order: events, commands, step commands, step replies. */
export function boardContracts(board: Board, analysis: BoardAnalysis = analyzeBoard(board)): Contract[] {
  const nodes = new Map(board.nodes.map((n) => [n.id, n]));
  const ref = (id: string, name: string, kind: NodeKind): ContractConsumer => ({ id, name, kind });
  const sagaStepIds = new Map<string, readonly string[]>();
  for (const saga of analysis.sagas) for (const id of saga.nodeIds) sagaStepIds.set(id, saga.steps.map((s) => s.id));
  const participantRefs = new Map(analysis.participants.map((p) => [p.name, ref(p.nodeId, p.name, p.kind)]));
  const sagaRef = (nodeId: string): ContractConsumer => ref(nodeId, nodes.get(nodeId)?.name.trim() ?? nodeId, "saga");

  const contracts: Contract[] = [];
  for (const event of analysis.events) {
    contracts.push({
      kind: "event",
      key: event.key,
      name: event.name,
      type: event.eventType,
      identities: event.nodeIds,
      nodeIds: event.nodeIds,
      payload: event.payload,
      version: event.version,
      aggregate: event.aggregate,
      topic: event.topic,
      partitionKey: event.partitionKey,
      consumers: dedupe(event.consumers.map((c) => ref(c.nodeId, c.name, c.kind))),
    });
  }
  const stepReaders = new Map<string, ContractConsumer[]>();
  for (const message of analysis.sagaCommands) {
    stepReaders.set(message.key, message.uses.flatMap((use) => (use.participant ? [participantRefs.get(use.participant)].filter((p): p is ContractConsumer => p !== undefined) : [])));
  }
  for (const command of analysis.commands) {
    contracts.push({
      kind: "command",
      key: command.key,
      name: command.name,
      type: command.name,
      identities: command.nodeIds,
      nodeIds: command.nodeIds,
      payload: command.payload,
      consumers: dedupe([...command.handlers.map((h) => ref(h.nodeId, h.name, h.kind)), ...(stepReaders.get(command.key) ?? [])]),
    });
  }
  const stepIdentity = (use: { sagaNodeId: string; stepIndex: number; role: SagaMessageRole }) =>
    `${use.sagaNodeId}/${sagaStepIds.get(use.sagaNodeId)?.[use.stepIndex] ?? use.stepIndex}/${use.role}`;
  /** A step command or reply: identified by its uses (saga, step, role), held by its sagas' stickies. */
  const stepContract = (kind: "step-command" | "step-reply", message: SagaMessageInfo, consumers: readonly ContractConsumer[]): Contract => ({
    kind,
    key: message.key,
    name: message.name,
    type: message.type,
    identities: message.uses.map(stepIdentity),
    nodeIds: [...new Set(message.uses.map((use) => use.sagaNodeId))],
    payload: message.payload,
    consumers: dedupe(consumers),
  });
  for (const message of analysis.sagaCommands) {
    if (message.onBoard) continue; // the command sticky of that name is the contract
    contracts.push(stepContract("step-command", message, stepReaders.get(message.key) ?? []));
  }
  for (const message of analysis.sagaReplies) {
    if (message.uses.some((use) => use.stepIndex < 0)) continue; // the dead-letter notice: Stormflow's own, not the board's
    contracts.push(stepContract("step-reply", message, message.uses.map((use) => sagaRef(use.sagaNodeId))));
  }
  return contracts;
}

/** One entry per consumer: stickies of one kind and name are one thing (the first sticky's id). */
function dedupe(consumers: readonly ContractConsumer[]): ContractConsumer[] {
  const seen = new Set<string>();
  return consumers.filter((c) => {
    const key = `${c.kind}\u0000${nameKey(c.name)}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}
