import ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyzeBoard } from "../model/analyze";
import { earlierEventVersions } from "../model/eventVersions";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { awkwardBoard, koreanBoard } from "./testing/testBoards";
import { typescriptContracts } from "./typescriptContracts";

/** Lib files parsed once for every program (they are the slow part of a compile). */
const libCache = new Map<string, ts.SourceFile | undefined>();

/**
 * Compiles `source` alone, as `contracts.ts`, with `--strict --noEmit` (plus the stricter
 * checks a careful project turns on) and no other file, and returns the diagnostics as text.
 */
function compile(source: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ["lib.es2022.d.ts"],
    types: [],
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noUnusedLocals: true,
    isolatedModules: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language) => {
    if (fileName === "contracts.ts") return ts.createSourceFile(fileName, source, language, true);
    if (!libCache.has(fileName)) libCache.set(fileName, getSourceFile(fileName, language));
    return libCache.get(fileName);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === "contracts.ts" || fileExists(fileName);
  const program = ts.createProgram(["contracts.ts"], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ""}:${d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

/** The names a module exports, by its AST. */
function exportedNames(source: string): string[] {
  const file = ts.createSourceFile("contracts.ts", source, ts.ScriptTarget.ES2022, true);
  return file.statements.flatMap((statement) => {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return [];
    if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((d) => d.name.getText(file));
    const name = (statement as ts.DeclarationStatement).name;
    return name ? [name.getText(file)] : [];
  });
}

describe("typescriptContracts", () => {
  it.each([
    ["the Order template", orderFlowTemplate],
    ["the Create Order saga template", createOrderSagaTemplate],
    ["a Korean-named board", koreanBoard],
    ["a board full of awkward names", awkwardBoard],
  ])("compiles alone with tsc --strict --noEmit: %s", (_label, board) => {
    const source = typescriptContracts(board());
    expect(compile(source)).toEqual([]);
  }, 30_000);

  it("reports what does not compile (the check itself works)", () => {
    expect(compile("export const x: number = 'a';")).toHaveLength(1);
  });

  it("keeps Korean names Korean", () => {
    const names = exportedNames(typescriptContracts(koreanBoard()));
    expect(names).toEqual(expect.arrayContaining(["주문접수됨Event", "주문접수됨Payload", "is주문접수됨Event", "주문하기Command", "주문Event"]));
    expect(typescriptContracts(koreanBoard())).toContain('extends DomainEvent<"주문.접수됨", 주문접수됨Payload>');
  });

  it("gives every awkward name a valid, collision-free identifier", () => {
    const source = typescriptContracts(awkwardBoard());
    const names = exportedNames(source);
    expect(new Set(names).size).toBe(names.length);
    // `class` (reserved) and `2fa Enabled` (leading digit) get usable bases.
    expect(names).toEqual(expect.arrayContaining(["ClassEvent", "_2faEnabledEvent", "isClassEvent", "U1f680LaunchedEvent"]));
    // Three names that all sanitise to OrderPlaced: the first keeps it, in board order.
    expect(names).toEqual(expect.arrayContaining(["OrderPlacedEvent", "OrderPlaced_2Event", "OrderPlaced_3Event"]));
    // `Domain` would give DomainEvent, which the file declares itself.
    expect(names).toEqual(expect.arrayContaining(["DomainEvent", "Domain_2Event"]));
    // The event `Order` takes OrderEvent, so the union of aggregate Order moves aside.
    expect(source).toMatch(/export type Order_2Event =/u);
    // `Command` the command does not shadow the base interface.
    expect(names).toEqual(expect.arrayContaining(["Command", "CommandCommand"]));
    // Replies come after events and commands: `class` and `Domain` move aside for the events.
    expect(names).toEqual(expect.arrayContaining(["ClassEvent", "Class_2Event", "isClass_2Event", "Domain_2Event", "Domain_3Event"]));
    expect(source).toContain('export interface Class_2Event extends DomainEvent<"class", Class_2Payload> {');
  });

  it("cannot end a TSDoc comment early, and quotes awkward property names", () => {
    const source = typescriptContracts(awkwardBoard());
    const comments = source.match(/\/\*\*[\s\S]*?\*\//gu) ?? [];
    for (const comment of comments) expect(comment.slice(3, -2)).not.toContain("*/");
    expect(source).toContain('readonly "2x": number;');
    expect(source).toContain('readonly "quote\\"d": string;');
    expect(source).toContain("readonly class: string;");
    expect(source).toContain('A second field named "dup" is left out');
  });

  it("declares the seeds' envelope, literal event types, unions, constants and guards", () => {
    const source = typescriptContracts(orderFlowTemplate());
    for (const field of ["eventId", "eventType", "aggregateId", "aggregateType", "occurredAt", "version", "correlationId", "causationId", "payload", "metadata"]) {
      expect(source).toMatch(new RegExp(`readonly ${field}\\??: `, "u"));
    }
    expect(source).toContain('export interface OrderPlacedEvent extends DomainEvent<"order.placed", OrderPlacedPayload> {');
    expect(source).toContain('readonly aggregateType: "Order";');
    expect(source).toContain("export type OrderEvent = OrderPlacedEvent | OrderShippedEvent | OrderCancelledEvent;");
    expect(source).toContain("export function isOrderPlacedEvent(event: DomainEvent): event is OrderPlacedEvent {");
    expect(source).toContain("export const EventSchemaVersions = {");
    expect(source).toContain('export interface PlaceOrderCommand extends Command<"PlaceOrder", PlaceOrderCommandPayload> {\n  readonly commandType: "PlaceOrder";\n}');
  });

  it("declares every saga step command as a Command, with the model's command type, in BoardCommand and CommandTypes", () => {
    const source = typescriptContracts(createOrderSagaTemplate());
    expect(source).toContain('export interface VerifyConsumerCommand extends Command<"VerifyConsumer", VerifyConsumerCommandPayload> {\n  readonly commandType: "VerifyConsumer";\n}');
    expect(source).toContain("export interface VerifyConsumerCommandPayload {");
    expect(source).toContain("export function isReleaseConsumerHoldCommand(command: Command): command is ReleaseConsumerHoldCommand {");
    const commandUnion = source.slice(source.indexOf("export type BoardCommand ="), source.indexOf(";", source.indexOf("export type BoardCommand =")));
    for (const command of analyzeBoard(createOrderSagaTemplate()).sagaCommands) {
      expect(commandUnion).toContain(`| ${command.type}Command`);
      expect(source).toContain(`  ${command.type}: ${JSON.stringify(command.type)},`);
    }
  });

  it("says which saga step sends a command and who the participant is", () => {
    const source = typescriptContracts(createOrderSagaTemplate());
    expect(source).toContain(
      "Sent by saga CreateOrderSaga, step 2 (compensable), to Kitchen Service on `kitchen-service.commands`; the saga awaits TicketCreated or TicketCreationFailed (timeout 10 s).",
    );
    expect(source).toContain("Sent by saga CreateOrderSaga to Kitchen Service on `kitchen-service.commands` to undo step 2 (CreateTicket); the saga awaits TicketRejected.");
  });

  it("declares every step reply as an event in SagaReply and ReplyTypes, saying which step awaits it", () => {
    const source = typescriptContracts(orderFlowTemplate());
    expect(source).toContain('export interface InventoryReservedEvent extends DomainEvent<"inventory.reserved", InventoryReservedPayload> {\n  readonly eventType: "inventory.reserved";\n}');
    expect(source).toMatch(/export type SagaReply =\n {2}\| InventoryReservedEvent\n/u);
    expect(source).toContain('  PaymentDeclined: "payment.declined",');
    expect(source).toContain("return event.eventType === ReplyTypes.PaymentDeclined;");
    expect(source).toContain("Sent by PaymentService to saga OrderSaga on `order-saga.replies` when step 2 (ChargePayment) succeeds: the saga moves on to step 3.");
    expect(source).toContain(
      "Sent by Order to saga OrderSaga on `order-saga.replies` when it refuses step 3 (ConfirmOrder): the step fails and the saga compensates: RefundPayment, then ReleaseInventory.",
    );
    expect(source).toContain("Sent by InventoryService to saga OrderSaga on `order-saga.replies` when step 1 (ReserveInventory) is undone (ReleaseInventory).");
    // Replies are not board events: EventTypes keeps one entry per event, as EventTopics does.
    const eventTypes = source.slice(source.indexOf("export const EventTypes"), source.indexOf("} as const;", source.indexOf("export const EventTypes")));
    expect(eventTypes).not.toContain("InventoryReserved");
  });

  it("emits a step command named like a command of the board once, as the board's command, documenting both uses", () => {
    const source = typescriptContracts(koreanBoard());
    expect(source.match(/export interface 재고예약하기Command /gu)).toHaveLength(1);
    expect(source.match(/export interface 재고예약하기CommandPayload /gu)).toHaveLength(1);
    expect(source.match(/^ {2}재고예약하기: /gmu)).toHaveLength(1);
    expect(source).toContain("Also a saga step command:\n * - Sent by saga 주문 사가, step 1 (compensable), to 재고 on `재고.commands`");
    // The awkward board's `Command` is both a board command and a step action: one contract.
    const awkward = typescriptContracts(awkwardBoard());
    expect(awkward.match(/export interface CommandCommand /gu)).toHaveLength(1);
    expect(exportedNames(awkward)).not.toContain("Command_2Command");
  });

  it("says so when a step has no participant yet", () => {
    const source = typescriptContracts(awkwardBoard());
    expect(source).toContain("Sent by saga Saga | One, step 3 (pivot), whose participant is not chosen yet; the saga awaits Shipped (timeout 10 s).");
    expect(source).toContain("Sent by the participant of step 3 (none chosen yet) to saga Saga | One on `yes` when step 3 (Ship) succeeds: the saga completes.");
  });
});

describe("typescriptContracts with earlier event versions", () => {
  it("prints each earlier version beside the current one with upcasters from each to the next, and compiles", () => {
    const v1 = orderFlowTemplate();
    const placed = v1.nodes.find((n) => n.kind === "event" && n.payload.length > 1)!;
    const setEvent = (board: typeof v1, version: number, extra: { name: string; type: "string" | "integer" }[]) => ({
      ...board,
      nodes: board.nodes.map((n) => (n.id === placed.id && n.kind === "event" ? { ...n, version, payload: [...n.payload, ...extra] } : n)),
    });
    const v2 = setEvent(v1, 2, [{ name: "currency", type: "string" }]);
    const v3 = setEvent(v1, 3, [{ name: "currency", type: "string" }, { name: "channel", type: "string" }]);
    // History newest first; a revision at the current version, and one of v2 saved twice.
    const history = [v3, v2, { ...v2, name: "older save of v2" }, v1];
    const earlier = earlierEventVersions(v3, history);
    const key = analyzeBoard(v3).events.find((e) => e.nodeIds.includes(placed.id))!.key;
    expect(earlier.get(key)!.map((e) => [e.version, e.payload.map((f) => f.name)])).toEqual([
      [1, placed.kind === "event" ? placed.payload.map((f) => f.name) : []],
      [2, [...(placed.kind === "event" ? placed.payload.map((f) => f.name) : []), "currency"]],
    ]);
    const source = typescriptContracts(v3, { earlierVersions: earlier });
    const names = exportedNames(source);
    expect(placed.name).toBe("OrderPlaced");
    for (const name of ["OrderPlacedEventV1", "OrderPlacedEventV2", "OrderPlacedPayloadV1", "OrderPlacedPayloadV2", "UpcastOrderPlacedV1ToV2", "UpcastOrderPlacedV2ToV3"]) {
      expect(names, name).toContain(name);
    }
    expect(source).toContain("export type UpcastOrderPlacedV1ToV2 = (event: OrderPlacedEventV1) => OrderPlacedEventV2;");
    expect(source).toContain("export type UpcastOrderPlacedV2ToV3 = (event: OrderPlacedEventV2) => OrderPlacedEvent;");
    expect(compile(source)).toEqual([]);
    expect(source).toMatch(/export interface OrderPlacedEventV1 extends DomainEvent<"order\.placed", OrderPlacedPayloadV1> \{[^}]*readonly schemaVersion\?: 1;/u);
    expect(source).toMatch(/export interface OrderPlacedEvent extends DomainEvent<"order\.placed", OrderPlacedPayload> \{[^}]*readonly schemaVersion: 3;/u);
    // An event renamed since: each earlier version keeps the event type it was written with.
    const renamed = { ...v3, nodes: v3.nodes.map((n) => (n.id === placed.id ? { ...n, name: "OrderSubmitted" } : n)) };
    const renamedSource = typescriptContracts(renamed, { earlierVersions: earlierEventVersions(renamed, history) });
    expect(renamedSource).toContain('export interface OrderSubmittedEventV1 extends DomainEvent<"order.placed", OrderSubmittedPayloadV1> {');
    expect(renamedSource).toContain('export interface OrderSubmittedEvent extends DomainEvent<"order.submitted", OrderSubmittedPayload> {');
    expect(compile(renamedSource)).toEqual([]);
    // Without history the output is what it always was.
    expect(typescriptContracts(v3)).not.toContain("V1ToV2");
  }, 30_000);
});
