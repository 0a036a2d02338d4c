import type { BoardAnalysis } from "../model/analyze";
import { baseIdentifier, IdentifierAllocator } from "./identifiers";

/** What the TypeScript contracts declare themselves; no board name may take these. */
export const FIXED_NAMES = [
  "DomainEvent",
  "Command",
  "BoardEvent",
  "BoardCommand",
  "EventTypes",
  "EventType",
  "EventTopics",
  "EventSchemaVersions",
  "CommandTypes",
  "CommandType",
  "SagaReply",
  "ReplyTypes",
  "ReplyType",
] as const;

/** The names of an event contract: a board event, or a saga step's reply. */
export interface EventNames {
  /** Key in `EventTypes`, `EventTopics`, `EventSchemaVersions` (replies: in `ReplyTypes`): `OrderPlaced`. */
  readonly base: string;
  readonly event: string;
  readonly payload: string;
  readonly guard: string;
}

export interface CommandNames {
  /** Key in `CommandTypes`: `PlaceOrder`. */
  readonly base: string;
  readonly command: string;
  readonly payload: string;
  readonly guard: string;
}

/** The generated names of every event, command, saga message and aggregate union, by the analysis key. */
export interface ContractNames {
  readonly events: ReadonlyMap<string, EventNames>;
  readonly commands: ReadonlyMap<string, CommandNames>;
  /**
   * Saga step commands (`analysis.sagaCommands`): command contracts. A step command named like a
   * command sticky (`onBoard`) is that command: it has the board command's names.
   */
  readonly sagaCommands: ReadonlyMap<string, CommandNames>;
  /** Saga step replies (`analysis.sagaReplies`): event contracts. */
  readonly sagaReplies: ReadonlyMap<string, EventNames>;
  /** `OrderEvent`: the union of an aggregate's events. */
  readonly aggregates: ReadonlyMap<string, string>;
}

const eventNames = (base: string): EventNames => ({
  base,
  event: `${base}Event`,
  payload: `${base}Payload`,
  guard: `is${base}Event`,
});

const commandNames = (base: string): CommandNames => ({
  base,
  command: `${base}Command`,
  payload: `${base}CommandPayload`,
  guard: `is${base}Command`,
});

/**
 * Collision-free names for the contracts, shared by the TypeScript, JSON Schema and AsyncAPI
 * outputs: events first, then commands, then saga step commands that are not board commands,
 * then step replies, then aggregate unions, each in board order (see identifiers.ts), so adding
 * a saga never renames a board event's or command's contract.
 */
export function contractNames(analysis: BoardAnalysis): ContractNames {
  const allocator = new IdentifierAllocator(FIXED_NAMES);
  const events = new Map<string, EventNames>();
  for (const event of analysis.events) {
    const base = allocator.allocate(baseIdentifier(event.name), (candidate) => {
      const names = eventNames(candidate);
      return [names.event, names.payload, names.guard];
    });
    events.set(event.key, eventNames(base));
  }
  const commands = new Map<string, CommandNames>();
  for (const command of analysis.commands) {
    const base = allocator.allocate(baseIdentifier(command.name), (candidate) => {
      const names = commandNames(candidate);
      return [names.command, names.payload, names.guard];
    });
    commands.set(command.key, commandNames(base));
  }
  const sagaCommands = new Map<string, CommandNames>();
  for (const command of analysis.sagaCommands) {
    const board = command.onBoard ? commands.get(command.key) : undefined;
    if (board) {
      sagaCommands.set(command.key, board);
      continue;
    }
    const base = allocator.allocate(baseIdentifier(command.name), (candidate) => {
      const names = commandNames(candidate);
      return [names.command, names.payload, names.guard];
    });
    sagaCommands.set(command.key, commandNames(base));
  }
  const sagaReplies = new Map<string, EventNames>();
  for (const reply of analysis.sagaReplies) {
    const base = allocator.allocate(baseIdentifier(reply.name), (candidate) => {
      const names = eventNames(candidate);
      return [names.event, names.payload, names.guard];
    });
    sagaReplies.set(reply.key, eventNames(base));
  }
  const aggregates = new Map<string, string>();
  for (const aggregate of analysis.aggregates) {
    const base = allocator.allocate(baseIdentifier(aggregate.name), (candidate) => [`${candidate}Event`]);
    aggregates.set(aggregate.key, `${base}Event`);
  }
  return { events, commands, sagaCommands, sagaReplies, aggregates };
}
