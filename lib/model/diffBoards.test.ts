import { describe, expect, it } from "vitest";
import type { Board, Field } from "./schema";
import { arrow, sagaStep, sticky, testBoard } from "./testing/testBoards";
import { COMPAT_MODES, type CompatMode } from "./compatModes";
import { diffBoards, type ContractChange } from "./diffBoards";

/*
 * The reference for what breaks is Confluent Schema Registry's compatibility table
 * (docs.confluent.io, "Schema Evolution and Compatibility"):
 *   BACKWARD  allows: delete fields, add optional fields
 *   FORWARD   allows: add fields, delete optional fields
 *   FULL      allows: add optional fields, delete optional fields
 *   NONE      allows: all changes
 * and a type change is allowed by none of them (Avro's promotions aside: int → long/float/double
 * may be read by a new reader, hence BACKWARD only). The `-transitive` forms apply the same rules
 * against every earlier version.
 */

const f = (name: string, type: Field["type"], extra: Partial<Field> = {}): Field => ({ name, type, ...extra });

/** Order → OrderPlaced → EmailService, with the event's payload, topic, key and version as given. */
function board(payload: Field[], event: { name?: string; topic?: string; partitionKey?: string; version?: number; aggregate?: string; style?: "dotted" | "screaming" | "pascal" } = {}): Board {
  return testBoard(
    [
      sticky("command", "cmd-place", "PlaceOrder"),
      sticky("aggregate", "agg-order", event.aggregate ?? "Order"),
      sticky("event", "evt-placed", event.name ?? "OrderPlaced", {
        payload,
        ...(event.topic ? { topic: event.topic } : {}),
        ...(event.partitionKey ? { partitionKey: event.partitionKey } : {}),
        ...(event.version ? { version: event.version } : {}),
      }),
      sticky("service", "svc-email", "EmailService", { action: "Send confirmation" }),
    ],
    [arrow("cmd-place", "agg-order"), arrow("agg-order", "evt-placed"), arrow("evt-placed", "svc-email")],
    event.style ? { settings: { eventTypeStyle: event.style } } : {},
  );
}

const base = [f("orderId", "uuid"), f("total", "integer"), f("note", "string", { required: false })];

type Verdict = "ok" | "break";
/** [change, before, after, expected change kind, backward, forward, full, none] */
const CASES: [string, Board, Board, ContractChange["change"], Verdict, Verdict, Verdict][] = [
  ["add a required field", board(base), board([...base, f("currency", "string")]), "field-added", "break", "ok", "break"],
  ["add an optional field", board(base), board([...base, f("coupon", "string", { required: false })]), "field-added", "ok", "ok", "ok"],
  ["remove a required field", board(base), board(base.filter((x) => x.name !== "total")), "field-removed", "ok", "break", "break"],
  ["remove an optional field", board(base), board(base.filter((x) => x.name !== "note")), "field-removed", "ok", "ok", "ok"],
  ["retype a field", board(base), board([base[0]!, f("total", "string"), base[2]!]), "field-retyped", "break", "break", "break"],
  ["widen integer to number", board(base), board([base[0]!, f("total", "number"), base[2]!]), "field-retyped", "ok", "break", "break"],
  ["widen uuid to string", board(base), board([f("orderId", "string"), ...base.slice(1)]), "field-retyped", "ok", "break", "break"],
  ["make a field required", board(base), board([...base.slice(0, 2), f("note", "string")]), "field-required", "break", "ok", "break"],
  ["make a field optional", board(base), board([base[0]!, f("total", "integer", { required: false }), base[2]!]), "field-optional", "ok", "break", "break"],
  ["rename the event (same sticky)", board(base), board(base, { name: "OrderSubmitted" }), "contract-renamed", "break", "break", "break"],
  ["change only the case of the event's name (its event type changes)", board(base), board(base, { name: "Orderplaced" }), "contract-renamed", "break", "break", "break"],
  ["change the board's event type style", board(base), board(base, { style: "screaming" }), "contract-renamed", "break", "break", "break"],
  ["rename the aggregate (the envelope's aggregateType)", board(base), board(base, { aggregate: "SalesOrder" }), "aggregate-changed", "break", "break", "break"],
  ["change only the case of a field (a JSON key is case-sensitive)", board(base), board([f("OrderID", "uuid"), ...base.slice(1)]), "field-removed", "ok", "break", "break"],
  ["change the topic", board(base), board(base, { topic: "sales" }), "topic-changed", "break", "break", "break"],
  ["change the partition key", board(base), board(base, { partitionKey: "orderId" }), "partition-key-changed", "break", "break", "break"],
  ["lower the version", board(base, { version: 3 }), board(base, { version: 2 }), "version-lowered", "break", "break", "break"],
];

function verdict(mode: CompatMode, before: Board, after: Board, kind: ContractChange["change"]): Verdict {
  const diff = diffBoards(before, after, { mode });
  const change = diff.changes.find((c) => c.change === kind);
  expect(change, `${kind} under ${mode}: ${JSON.stringify(diff.changes)}`).toBeDefined();
  expect(diff.compatible).toBe(!diff.changes.some((c) => c.breaking));
  return change!.breaking ? "break" : "ok";
}

describe("diffBoards: every change kind under every mode", () => {
  for (const [name, before, after, kind, backward, forward, full] of CASES) {
    it(name, () => {
      const expected: Record<CompatMode, Verdict> = {
        backward,
        "backward-transitive": backward,
        forward,
        "forward-transitive": forward,
        full,
        "full-transitive": full,
        none: "ok",
      };
      for (const mode of COMPAT_MODES) expect([mode, verdict(mode, before, after, kind)]).toEqual([mode, expected[mode]]);
    });
  }

  it("adding and removing whole contracts", () => {
    const before = board(base);
    const after = testBoard([...before.nodes, sticky("event", "evt-shipped", "OrderShipped", { payload: [] })].filter((n) => n.id !== "cmd-place"), before.edges.filter((e) => e.source !== "cmd-place"));
    for (const mode of COMPAT_MODES) {
      const diff = diffBoards(before, after, { mode });
      const added = diff.changes.find((c) => c.change === "contract-added");
      const removed = diff.changes.find((c) => c.change === "contract-removed");
      expect(added).toMatchObject({ contract: "OrderShipped", contractKind: "event", breaking: false });
      expect(removed).toMatchObject({ contract: "PlaceOrder", contractKind: "command", breaking: mode !== "none" });
      expect(removed!.consumers).toEqual([{ id: "agg-order", name: "Order", kind: "aggregate" }]);
    }
  });

  it("an unchanged board has no changes and is compatible", () => {
    expect(diffBoards(board(base), board(base))).toEqual({ compatible: true, mode: "full", changes: [] });
  });
});

describe("diffBoards: what each change says", () => {
  it("names the consumers that read the contract and why it breaks", () => {
    const diff = diffBoards(board(base), board(base.filter((x) => x.name !== "total")));
    expect(diff.compatible).toBe(false);
    expect(diff.changes).toEqual([
      {
        contract: "OrderPlaced",
        contractKind: "event",
        nodeIds: ["evt-placed"],
        change: "field-removed",
        path: "payload.total",
        breaking: true,
        breaks: ["forward"],
        reason: expect.stringContaining("deployed consumers still require this field") as string,
        consumers: [{ id: "svc-email", name: "EmailService", kind: "service" }],
      },
    ]);
  });

  it("a rename is one change from the old event type to the new, not a removal and an addition", () => {
    const diff = diffBoards(board(base), board(base, { name: "OrderSubmitted" }));
    expect(diff.changes.map((c) => [c.change, c.from, c.to])).toEqual([["contract-renamed", "order.placed", "order.submitted"]]);
    // Each side's type in its own board's style.
    const styled = diffBoards(board(base), board(base, { style: "screaming" }));
    expect(styled.changes.map((c) => [c.contract, c.from, c.to])).toEqual([["OrderPlaced", "order.placed", "ORDER_PLACED"]]);
    // A new spelling with the same event type on the wire is no change.
    expect(diffBoards(board(base), board(base, { name: "Order placed" })).changes).toEqual([]);
    // A field whose name changes only in case is another JSON key: one removed, one added.
    const field = diffBoards(board(base), board([f("OrderID", "uuid"), ...base.slice(1)]));
    expect(field.changes.map((c) => [c.change, c.path])).toEqual([["field-added", "payload.OrderID"], ["field-removed", "payload.orderId"]]);
  });

  it("a saga step command that becomes a command sticky of the same name is the same contract", () => {
    const steps = [sagaStep("charge", "svc-pay", "ChargePayment", { payload: [f("amount", "integer")] })];
    const before = testBoard([sticky("saga", "saga-order", "OrderSaga", { steps }), sticky("service", "svc-pay", "PaymentService", { action: "" })], [arrow("saga-order", "svc-pay")]);
    const after = testBoard([...before.nodes, sticky("command", "cmd-charge", "ChargePayment", { payload: [f("amount", "integer")] })], before.edges);
    expect(diffBoards(before, after).changes).toEqual([]);
  });

  it("finds changes at any depth: object fields and array elements", () => {
    const nested = (city: Field, qty: Field["type"]) => [
      f("address", "object", { fields: [f("street", "string"), city] }),
      f("lines", "array", { items: { type: "object", fields: [f("sku", "string"), f("qty", qty)] } }),
    ];
    const diff = diffBoards(board(nested(f("city", "string", { required: false }), "integer")), board(nested(f("city", "string"), "string")));
    expect(diff.changes.map((c) => [c.change, c.path, c.breaking])).toEqual([
      ["field-required", "payload.address.city", true],
      ["field-retyped", "payload.lines[].qty", true],
    ]);
    const items = diffBoards(board([f("tags", "array", { items: { type: "string" } })]), board([f("tags", "array", { items: { type: "integer" } })]));
    expect(items.changes.map((c) => [c.change, c.path, c.from, c.to])).toEqual([["field-retyped", "payload.tags[]", "string", "integer"]]);
  });

  it("a change made with a raised version is a new version, listed but not breaking", () => {
    const diff = diffBoards(board(base, { version: 1 }), board([...base, f("currency", "string")], { version: 2 }), { mode: "full" });
    expect(diff.compatible).toBe(true);
    expect(diff.changes.map((c) => [c.change, c.path, c.breaking])).toEqual([
      ["version-raised", "version", false],
      ["field-added", "payload.currency", false],
    ]);
    expect(diff.changes[1]!.breaks).toEqual(["backward"]);
    expect(diff.changes[1]!.reason).toMatch(/^part of v2, a new version/);
    // The same change without raising the version breaks.
    expect(diffBoards(board(base), board([...base, f("currency", "string")])).compatible).toBe(false);
  });

  it("saga step commands and replies are contracts: renamed by step, read by the participant and the saga", () => {
    const saga = (action: string, payload: Field[]) =>
      testBoard(
        [
          sticky("saga", "saga-order", "OrderSaga", { steps: [sagaStep("charge", "svc-pay", action, { payload })] }),
          sticky("service", "svc-pay", "PaymentService", { action: "" }),
        ],
        [arrow("saga-order", "svc-pay")],
      );
    const diff = diffBoards(saga("ChargePayment", [f("amount", "integer")]), saga("ChargeCard", [f("amount", "integer")]));
    const renamed = diff.changes.filter((c) => c.change === "contract-renamed");
    expect(renamed.map((c) => [c.contractKind, c.from, c.to])).toEqual([
      ["step-command", "ChargePayment", "ChargeCard"],
      ["step-reply", "charge.payment.completed", "charge.card.completed"],
      ["step-reply", "charge.payment.failed", "charge.card.failed"],
    ]);
    expect(renamed[0]!.consumers).toEqual([{ id: "svc-pay", name: "PaymentService", kind: "service" }]);
    expect(renamed[1]!.consumers).toEqual([{ id: "saga-order", name: "OrderSaga", kind: "saga" }]);
    const field = diffBoards(saga("ChargePayment", [f("amount", "integer")]), saga("ChargePayment", [f("amount", "integer"), f("currency", "string")]));
    expect(field.changes.map((c) => [c.contractKind, c.contract, c.change, c.path])).toEqual([["step-command", "ChargePayment", "field-added", "payload.currency"]]);
  });
});

describe("diffBoards: transitive modes check every earlier revision", () => {
  // Each step is compatible with the one before it; the last is not compatible with the first.
  it("backward-transitive: a field deleted, then added back with another type", () => {
    const r1 = board([f("ref", "string")]);
    const r2 = board([]);
    const r3 = board([f("ref", "integer", { required: false })]);
    expect(diffBoards(r2, r3, { mode: "backward" }).compatible).toBe(true);
    const diff = diffBoards(r2, r3, { mode: "backward-transitive", earlier: [{ revision: 1, board: r1 }] });
    expect(diff.compatible).toBe(false);
    expect(diff.changes.filter((c) => c.breaking).map((c) => [c.change, c.path, c.against])).toEqual([["field-retyped", "payload.ref", 1]]);
  });

  it("forward-transitive: an optional field deleted, then added back with another type", () => {
    const r1 = board([f("ref", "integer", { required: false })]);
    const r2 = board([]);
    const r3 = board([f("ref", "string", { required: false })]);
    expect(diffBoards(r2, r3, { mode: "forward" }).compatible).toBe(true);
    expect(diffBoards(r2, r3, { mode: "forward-transitive", earlier: [{ revision: 1, board: r1 }] }).compatible).toBe(false);
    // A non-transitive mode ignores the earlier revisions it is given.
    expect(diffBoards(r2, r3, { mode: "full", earlier: [{ revision: 1, board: r1 }] }).compatible).toBe(true);
  });
});
