import type { CommandInfo, EventInfo, SagaMessageInfo } from "../model/analyze";
import { fieldRequired } from "../model/defaults";
import type { EarlierVersion } from "../model/eventVersions";
import type { Board, Field, FieldShape } from "../model/schema";
import { contextOf, type GenerateContext } from "./context";
import type { GenerateOptions } from "./formats";
import type { CommandNames, ContractNames, EventNames } from "./contractNames";
import { oneLine, tsDoc, tsString } from "./escape";
import { propertyKey } from "./identifiers";
import { sagaMessageUses, type SagaMessageUse } from "./sagaMessages";

/*
 * The `typescript` format: one self-contained module of event contracts that compiles alone with
 * `tsc --strict --noEmit`. The envelope is the seeds' (`DomainEvent` of seed 000 with the
 * correlation of seed 002); identifiers follow identifiers.ts; user text reaches the file only
 * through `tsDoc` (comments) and `tsString` (string literals).
 *
 * Saga steps (schema v2) add two kinds of contract. A step's command (action or compensation) is
 * a `Command` in `BoardCommand` and `CommandTypes`, its type the model's (`SagaMessageInfo.type`);
 * a step command named like a command sticky is that command, emitted once with the board's
 * payload. A step's reply is an event (`DomainEvent`) in its own `SagaReply` union, with its
 * event type in `ReplyTypes` rather than `EventTypes`: `EventTypes`, `EventTopics` and
 * `EventSchemaVersions` stay keyed alike, one entry per event of the board, and a reply has no
 * topic (it travels on its saga's reply channel) nor schema version of its own.
 */

const INDENT = "  ";

/** The envelope and command base, with their documentation: the same for every board. */
const PRELUDE = `/**
 * The envelope every domain event, and every reply to a saga step, travels in.
 *
 * @typeParam Type - the event type, e.g. \`"order.placed"\`
 * @typeParam Payload - the facts of the event
 */
export interface DomainEvent<Type extends string = string, Payload = unknown> {
  /** Unique id of this event (a UUID): a consumer skips an id it has already processed. */
  readonly eventId: string;
  /** What happened, in the board's event type style. */
  readonly eventType: Type;
  /** The aggregate instance (event stream) the event belongs to; also the partition key. */
  readonly aggregateId: string;
  /** The kind of aggregate, e.g. \`"Order"\`. */
  readonly aggregateType: string;
  /** When it happened: an ISO 8601 date-time. */
  readonly occurredAt: string;
  /** Position of the event in its aggregate's stream (1, 2, …), checked on append. */
  readonly version: number;
  /** The same for everything one entry command causes. */
  readonly correlationId: string;
  /** The id of the message that directly caused this one; null for the first. */
  readonly causationId: string | null;
  readonly payload: Payload;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * A request to change something, sent to the aggregate, saga or external system that handles it,
 * or by a saga to the participant of one of its steps.
 *
 * @typeParam Type - the command type, e.g. \`"PlaceOrder"\`
 * @typeParam Payload - what the command carries
 */
export interface Command<Type extends string = string, Payload = unknown> {
  /** Unique id of this command (a UUID); the events it causes name it as their causationId. */
  readonly commandId: string;
  readonly commandType: Type;
  /** When it was issued: an ISO 8601 date-time. */
  readonly issuedAt: string;
  /** The same for everything one entry command causes. */
  readonly correlationId: string;
  /** The id of the message that directly caused this one; null for an entry command. */
  readonly causationId: string | null;
  readonly payload: Payload;
  readonly metadata?: Readonly<Record<string, unknown>>;
}`;

/**
 * The event contracts of `board`: the `DomainEvent` envelope and `Command` base; per event a
 * payload interface, an event interface with its literal `eventType` (and `aggregateType` when it
 * has an aggregate) and a type guard; per command, and per saga step command that is not a
 * command of the board, its payload, interface and guard; per saga step reply its payload, event
 * interface and guard; a union per aggregate, for the whole board (`BoardEvent`, `BoardCommand`)
 * and of the replies (`SagaReply`); `EventTypes`, `EventTopics`, `EventSchemaVersions`,
 * `CommandTypes` and `ReplyTypes` constants. Descriptions become TSDoc, and saga messages say
 * which step sends or awaits them and who the participant is. Board order throughout.
 */
export function typescriptContracts(board: Board, options: GenerateOptions = {}): string {
  return typescriptContractsFromContext(contextOf(board), options);
}

/**
 * {@link typescriptContracts} of an analysed board. With `earlierVersions`, an event past version 1
 * also gets each earlier version's payload and event interfaces (`OrderPlacedV1`) and an upcaster
 * signature from each version to the next (`UpcastOrderPlacedV1ToV2`), so code reading old events
 * from the store has their types.
 */
export function typescriptContractsFromContext(context: GenerateContext, options: GenerateOptions = {}): string {
  const { names } = context;
  const out: string[] = [...header(context), "", PRELUDE];
  const { events, commands, aggregates, sagaCommands, sagaReplies } = context.analysis;
  const uses = sagaMessageUses(context);
  const stepCommandsOnBoard = new Map(sagaCommands.filter((command) => command.onBoard).map((command) => [command.key, command]));
  const stepCommands = sagaCommands.filter((command) => !command.onBoard);

  if (events.length > 0) out.push("", section("Events"));
  for (const event of events) {
    out.push("", ...eventDeclarations(event, names));
    const earlier = options.earlierVersions?.get(event.key) ?? [];
    if (earlier.length > 0) out.push("", ...earlierVersionDeclarations(event, names, earlier));
  }

  if (commands.length > 0) out.push("", section("Commands"));
  for (const command of commands) {
    const step = stepCommandsOnBoard.get(command.key);
    out.push("", ...commandDeclarations(command, names, step ? uses.get(step) ?? [] : []));
  }

  if (stepCommands.length > 0) out.push("", section("Saga step commands"));
  for (const command of stepCommands) out.push("", ...stepCommandDeclarations(command, names, uses.get(command) ?? []));

  if (sagaReplies.length > 0) out.push("", section("Saga step replies"));
  for (const reply of sagaReplies) out.push("", ...replyDeclarations(reply, names, uses.get(reply) ?? []));

  out.push("", section("Unions, constants and type guards"));
  // Relations name events by their merged name.
  const eventKeyByName = new Map(events.map((event) => [event.name, event.key]));
  for (const aggregate of aggregates) {
    const members = aggregate.events
      .map((name) => names.events.get(eventKeyByName.get(name) ?? "")?.event)
      .filter(isDefined);
    const union = names.aggregates.get(aggregate.key);
    if (!union || members.length === 0) continue;
    out.push("", ...tsDoc(`Every event of aggregate ${oneLine(aggregate.name)}.`), ...typeUnion(union, members));
  }
  const eventNames = events.map((event) => names.events.get(event.key)).filter(isDefined);
  // Board commands with their own type (the identifier base), then step commands with the model's.
  const commandEntries: { names: CommandNames; type: string }[] = [
    ...commands.flatMap((command) => {
      const own = names.commands.get(command.key);
      return own ? [{ names: own, type: own.base }] : [];
    }),
    ...stepCommands.flatMap((command) => {
      const own = names.sagaCommands.get(command.key);
      return own ? [{ names: own, type: command.type }] : [];
    }),
  ];
  const commandNames = commandEntries.map((entry) => entry.names);
  const replyEntries = sagaReplies.flatMap((reply) => {
    const own = names.sagaReplies.get(reply.key);
    return own ? [{ names: own, type: reply.type }] : [];
  });
  out.push(
    "",
    "/** Every event of the board. */",
    ...typeUnion("BoardEvent", eventNames.map((entry) => entry.event)),
    "",
    "/** Every command: the board's, and those saga steps send. */",
    ...typeUnion("BoardCommand", commandNames.map((entry) => entry.command)),
    "",
    "/** Every reply a saga step awaits. */",
    ...typeUnion("SagaReply", replyEntries.map((entry) => entry.names.event)),
    "",
    "/** The event type of every event. */",
    ...constObject("EventTypes", events.map((event) => [names.events.get(event.key)?.base ?? "", tsString(event.eventType)])),
    "export type EventType = (typeof EventTypes)[keyof typeof EventTypes];",
    "",
    "/** The topic every event is published on. */",
    ...constObject("EventTopics", events.map((event) => [names.events.get(event.key)?.base ?? "", tsString(event.topic)])),
    "",
    "/** The schema version of every event's payload. */",
    ...constObject("EventSchemaVersions", events.map((event) => [names.events.get(event.key)?.base ?? "", String(event.version)])),
    "",
    "/** The command type of every command. */",
    ...constObject("CommandTypes", commandEntries.map((entry) => [entry.names.base, tsString(entry.type)])),
    "export type CommandType = (typeof CommandTypes)[keyof typeof CommandTypes];",
    "",
    "/** The event type of every saga step reply. */",
    ...constObject("ReplyTypes", replyEntries.map((entry) => [entry.names.base, tsString(entry.type)])),
    "export type ReplyType = (typeof ReplyTypes)[keyof typeof ReplyTypes];",
  );
  for (const entry of eventNames) {
    out.push(
      "",
      `/** Narrows \`event\` to {@link ${entry.event}} by its event type. */`,
      `export function ${entry.guard}(event: DomainEvent): event is ${entry.event} {`,
      `${INDENT}return event.eventType === EventTypes.${entry.base};`,
      "}",
    );
  }
  for (const entry of commandNames) {
    out.push(
      "",
      `/** Narrows \`command\` to {@link ${entry.command}} by its command type. */`,
      `export function ${entry.guard}(command: Command): command is ${entry.command} {`,
      `${INDENT}return command.commandType === CommandTypes.${entry.base};`,
      "}",
    );
  }
  for (const { names: entry } of replyEntries) {
    out.push(
      "",
      `/** Narrows \`event\` to {@link ${entry.event}} by its event type. */`,
      `export function ${entry.guard}(event: DomainEvent): event is ${entry.event} {`,
      `${INDENT}return event.eventType === ReplyTypes.${entry.base};`,
      "}",
    );
  }
  return out.join("\n") + "\n";
}

function header(context: GenerateContext): string[] {
  const { board } = context;
  const description = board.description?.trim() ? `\n\n${board.description.trim()}` : "";
  return tsDoc(
    `Event contracts of the board ${tsString(oneLine(board.name))}.${description}\n\n` +
      "Generated by Stormflow from the board: change the board and export again rather than editing " +
      "this file. Self-contained: it compiles on its own with `tsc --strict`.",
  );
}

function section(title: string): string {
  return `// ${"-".repeat(94)}\n// ${title}\n// ${"-".repeat(94)}`;
}

function eventDeclarations(event: EventInfo, names: ContractNames): string[] {
  const own = names.events.get(event.key);
  if (!own) return [];
  const facts = [
    event.producers.length > 0 ? `Emitted by ${list(event.producers.map((producer) => producer.name))}` : "",
    event.triggers.length > 0 ? `triggered by ${list(event.triggers)}` : "",
  ].filter(Boolean);
  const summary = [
    facts.length > 0 ? `${capitalize(facts.join(", "))}.` : "",
    `Topic ${codeText(event.topic)}; schema version ${event.version}` + (event.outcome === "failure" ? "; a failure event." : "."),
  ].filter(Boolean).join(" ");
  const doc = [event.description?.trim() ?? "", summary].filter(Boolean).join("\n\n");
  const aggregateType = event.aggregate ? [`${INDENT}readonly aggregateType: ${tsString(event.aggregate)};`] : [];
  // Past version 1, the event says which version it is: what an upcaster tells versions apart by.
  const schemaVersion = event.version > 1 ? [`${INDENT}/** The schema version of this payload; earlier versions are upcast to it. */`, `${INDENT}readonly schemaVersion: ${event.version};`] : [];
  return [
    ...payloadDeclaration(own.payload, `Payload of {@link ${own.event}}.`, event.payload),
    "",
    ...tsDoc(doc),
    `export interface ${own.event} extends DomainEvent<${tsString(event.eventType)}, ${own.payload}> {`,
    `${INDENT}readonly eventType: ${tsString(event.eventType)};`,
    ...aggregateType,
    ...schemaVersion,
    "}",
  ];
}

/** An event's earlier versions, oldest first, and the upcasters from each version to the next. */
function earlierVersionDeclarations(event: EventInfo, names: ContractNames, earlier: readonly EarlierVersion[]): string[] {
  const own = names.events.get(event.key);
  if (!own) return [];
  const name = (version: number) => (version === event.version ? own.event : `${own.event}V${version}`);
  const out: string[] = [];
  for (const { version, payload, eventType } of earlier) {
    const payloadName = `${own.payload}V${version}`;
    out.push(
      ...payloadDeclaration(payloadName, `Payload of {@link ${name(version)}}.`, payload),
      "",
      ...tsDoc(
        `${oneLine(event.name)} as written at schema version ${version} (the current version is ${event.version}): events already in the store may have this shape.` +
          (version === 1 ? " Written before versions were raised, it may carry no schemaVersion." : ""),
      ),
      `export interface ${name(version)} extends DomainEvent<${tsString(eventType)}, ${payloadName}> {`,
      `${INDENT}readonly eventType: ${tsString(eventType)};`,
      ...(event.aggregate ? [`${INDENT}readonly aggregateType: ${tsString(event.aggregate)};`] : []),
      `${INDENT}readonly schemaVersion${version === 1 ? "?" : ""}: ${version};`,
      "}",
      "",
    );
  }
  const versions = [...earlier.map((e) => e.version), event.version];
  versions.slice(0, -1).forEach((from, i) => {
    const to = versions[i + 1]!;
    out.push(
      ...tsDoc(`Upcasts ${oneLine(event.name)} from schema version ${from} to ${to}: implement it to read version ${from} events as version ${to} (what the new fields are for an old event).`),
      `export type Upcast${own.base}V${from}ToV${to} = (event: ${name(from)}) => ${name(to)};`,
      ...(i < versions.length - 2 ? [""] : []),
    );
  });
  return out;
}

function commandDeclarations(command: CommandInfo, names: ContractNames, stepUses: readonly SagaMessageUse[]): string[] {
  const own = names.commands.get(command.key);
  if (!own) return [];
  const handlers = command.handlers.map((handler) => handler.name);
  const facts = [
    command.actors.length > 0 ? `Issued by ${list(command.actors)}` : "",
    command.policies.length > 0 ? `issued by policy ${list(command.policies)}` : "",
    handlers.length > 0 ? `handled by ${list(handlers)}` : "",
  ].filter(Boolean);
  const outcomes = [
    command.emits.length > 0 ? `On success: ${list(command.emits)}.` : "",
    command.failureEvents.length > 0 ? `On failure: ${list(command.failureEvents)}.` : "",
  ].filter(Boolean);
  const summary = [facts.length > 0 ? `${capitalize(facts.join(", "))}.` : "", ...outcomes].filter(Boolean).join(" ");
  // A command of the board that saga steps send too: one contract, documented with both uses.
  const steps = stepUses.length > 0 ? `Also a saga step command:\n${stepUses.map((use) => `- ${use.sentence}`).join("\n")}` : "";
  const doc = [command.description?.trim() ?? "", summary, steps].filter(Boolean).join("\n\n");
  return [
    ...payloadDeclaration(own.payload, `Payload of {@link ${own.command}}.`, command.payload),
    "",
    ...tsDoc(doc || `The ${oneLine(command.name)} command.`),
    `export interface ${own.command} extends Command<${tsString(own.base)}, ${own.payload}> {`,
    `${INDENT}readonly commandType: ${tsString(own.base)};`,
    "}",
  ];
}

/** A step command that is not a command of the board: its payload, its `Command` interface with the model's command type. */
function stepCommandDeclarations(command: SagaMessageInfo, names: ContractNames, uses: readonly SagaMessageUse[]): string[] {
  const own = names.sagaCommands.get(command.key);
  if (!own) return [];
  const doc = [command.description?.trim() ?? "", ...uses.map((use) => use.sentence)].filter(Boolean).join("\n\n");
  return [
    ...payloadDeclaration(own.payload, `Payload of {@link ${own.command}}.`, command.payload),
    "",
    ...tsDoc(doc || `The ${oneLine(command.name)} command of a saga step.`),
    `export interface ${own.command} extends Command<${tsString(command.type)}, ${own.payload}> {`,
    `${INDENT}readonly commandType: ${tsString(command.type)};`,
    "}",
  ];
}

/** A step reply: its payload and its event interface with its event type in the board's style. */
function replyDeclarations(reply: SagaMessageInfo, names: ContractNames, uses: readonly SagaMessageUse[]): string[] {
  const own: EventNames | undefined = names.sagaReplies.get(reply.key);
  if (!own) return [];
  const doc = [reply.description?.trim() ?? "", ...uses.map((use) => use.sentence)].filter(Boolean).join("\n\n");
  return [
    ...payloadDeclaration(own.payload, `Payload of {@link ${own.event}}.`, reply.payload),
    "",
    ...tsDoc(doc || `The ${oneLine(reply.name)} reply of a saga step.`),
    `export interface ${own.event} extends DomainEvent<${tsString(reply.type)}, ${own.payload}> {`,
    `${INDENT}readonly eventType: ${tsString(reply.type)};`,
    "}",
  ];
}

function payloadDeclaration(name: string, doc: string, fields: readonly Field[]): string[] {
  if (fields.length === 0) {
    return [...tsDoc(`${doc} It has no fields.`), `export type ${name} = Readonly<Record<string, never>>;`];
  }
  return [...tsDoc(doc), `export interface ${name} ${objectType(fields, "")}`];
}

/** `{ readonly a: string; … }` over several lines, at `indent`. Later duplicates of a name are left out. */
function objectType(fields: readonly Field[], indent: string): string {
  const inner = indent + INDENT;
  const seen = new Set<string>();
  const lines = ["{"];
  for (const field of fields) {
    if (seen.has(field.name)) {
      lines.push(`${inner}// A second field named ${tsString(field.name)} is left out: field names must be unique.`);
      continue;
    }
    seen.add(field.name);
    lines.push(...tsDoc(fieldDoc(field), inner));
    const optional = fieldRequired(field) ? "" : "?";
    lines.push(`${inner}readonly ${propertyKey(field.name, tsString)}${optional}: ${fieldType(field, inner)};`);
  }
  lines.push(`${indent}}`);
  return lines.join("\n");
}

function fieldType(field: FieldShape, indent: string): string {
  switch (field.type) {
    case "string":
    case "uuid":
    case "datetime":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "object":
      return field.fields && field.fields.length > 0 ? objectType(field.fields, indent) : "Readonly<Record<string, unknown>>";
    case "array":
      return `ReadonlyArray<${field.items ? fieldType(field.items, indent) : "unknown"}>`;
  }
}

/** The field's description, and what its type means when TypeScript cannot say it. */
function fieldDoc(field: FieldShape): string {
  const format =
    field.type === "uuid"
      ? "A UUID."
      : field.type === "datetime"
        ? "An ISO 8601 date-time."
        : field.type === "integer"
          ? "An integer."
          : "";
  return [field.description?.trim() ?? "", format].filter(Boolean).join("\n\n");
}

function constObject(name: string, entries: readonly (readonly [string, string])[]): string[] {
  if (entries.length === 0) return [`export const ${name} = {} as const;`];
  return [`export const ${name} = {`, ...entries.map(([key, value]) => `${INDENT}${key}: ${value},`), "} as const;"];
}

/** `export type Name = A | B;`, one member a line when there are more than three, `never` for none. */
function typeUnion(name: string, members: readonly string[]): string[] {
  if (members.length === 0) return [`export type ${name} = never;`];
  if (members.length <= 3) return [`export type ${name} = ${members.join(" | ")};`];
  return [`export type ${name} =`, ...members.map((member, index) => `${INDENT}| ${member}${index === members.length - 1 ? ";" : ""}`)];
}

function list(items: readonly string[]): string {
  return items.map(oneLine).join(", ");
}

/** A topic or channel as inline code in TSDoc, on one line (a backtick becomes `'`: TSDoc has no escape for it). */
function codeText(text: string): string {
  return `\`${oneLine(text).replace(/`/gu, "'")}\``;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
