import { describe, expect, it } from "vitest";
import { ISSUE_CATALOGUE, ISSUE_CODES, type IssueCode } from "./issueCodes";
import type { BoardNode, Edge, Field } from "./schema";
import { orderFlowTemplate } from "./template";
import { arrow, sagaStep, sticky, testBoard } from "./testing/testBoards";
import { validateBoard, type Issue } from "./validate";

/** A small flow with no issues: actor -> command -> aggregate -> event -> read model. */
function cleanFlow(): { nodes: BoardNode[]; edges: Edge[] } {
  return {
    nodes: [
      sticky("actor", "u", "Customer"),
      sticky("command", "c", "PlaceOrder", { payload: [{ name: "orderId", type: "uuid" }] }),
      sticky("aggregate", "a", "Order"),
      sticky("event", "e", "OrderPlaced", { payload: [{ name: "orderId", type: "uuid" }] }),
      sticky("readModel", "r", "OrderView", { fields: [{ name: "id", type: "uuid" }] }),
    ],
    edges: [arrow("u", "c"), arrow("c", "a"), arrow("a", "e"), arrow("e", "r")],
  };
}

function issuesFor(nodes: BoardNode[], edges: Edge[] = []): Issue[] {
  return validateBoard(testBoard(nodes, edges));
}

function codes(issues: Issue[], code?: IssueCode): string[] {
  return issues.filter((issue) => !code || issue.code === code).map((issue) => `${issue.code} ${issue.path}`);
}

describe("validateBoard", () => {
  it("finds nothing wrong with the Order template or a clean flow", () => {
    expect(validateBoard(orderFlowTemplate())).toEqual([]);
    const { nodes, edges } = cleanFlow();
    expect(issuesFor(nodes, edges)).toEqual([]);
  });

  it("gives every catalogue entry a severity and a sentence", () => {
    expect(ISSUE_CODES).toContain("edge-grammar");
    for (const code of ISSUE_CODES) expect(["error", "warning"]).toContain(ISSUE_CATALOGUE[code].severity);
  });

  it("edge-grammar: an edge outside the table, with the grammar's reason", () => {
    const { nodes, edges } = cleanFlow();
    const issues = issuesFor(nodes, [...edges, arrow("e", "c", "bad"), arrow("r", "r", "loop")]);
    expect(issues).toEqual([
      {
        code: "edge-grammar",
        severity: "error",
        message:
          'The edge from "OrderPlaced" to "PlaceOrder" is not allowed. An event cannot issue a command: add a policy between them (event → policy → command).',
        path: "edges[4]",
        edgeId: "bad",
      },
      expect.objectContaining({ code: "edge-grammar", path: "edges[5]", edgeId: "loop" }),
    ]);
    expect(issues[1]?.message).toContain("cannot be connected to itself");
  });

  it("edge-grammar: hotspots may annotate anything", () => {
    const { nodes, edges } = cleanFlow();
    const withHotspot = [...nodes, sticky("hotspot", "h", "Why?")];
    expect(issuesFor(withHotspot, [...edges, arrow("h", "e"), arrow("c", "h")])).toEqual([]);
  });

  it("event-tense: warns on an event that is not in the past tense, leniently", () => {
    const nodes = [
      sticky("aggregate", "a", "Order"),
      sticky("event", "e1", "PlaceOrder"),
      sticky("event", "e2", "주문생성됨"),
      sticky("event", "e3", "OrderShipped"),
    ];
    const issues = issuesFor(nodes, [arrow("a", "e1"), arrow("a", "e2"), arrow("a", "e3")]);
    expect(issues).toEqual([
      expect.objectContaining({ code: "event-tense", severity: "warning", path: "nodes[1].name", nodeId: "e1" }),
    ]);
  });

  it("command-imperative: warns on a command named like an event", () => {
    const nodes = [
      sticky("aggregate", "a", "Order"),
      sticky("command", "c1", "OrderPlaced"),
      sticky("command", "c2", "PlaceOrder"),
    ];
    const issues = issuesFor(nodes, [arrow("c1", "a"), arrow("c2", "a")]);
    expect(codes(issues)).toEqual(["command-imperative nodes[1].name"]);
    expect(issues[0]?.message).toContain('Command "OrderPlaced" reads like an event');
  });

  it("event-no-producer: an event nothing emits, reported once for merged stickies", () => {
    const nodes = [
      sticky("aggregate", "a", "Order"),
      sticky("event", "e1", "OrderPlaced"),
      sticky("event", "e2", "OrderPlaced"), // same event, drawn again: fine
      sticky("event", "e3", "OrderLost"),
      sticky("event", "e4", "orderLost"),
    ];
    const issues = issuesFor(nodes, [arrow("a", "e1")]);
    expect(codes(issues)).toEqual(["event-no-producer nodes[3]"]);
    expect(issues[0]).toMatchObject({ severity: "error", nodeId: "e3" });
  });

  it("consumer-no-input: service, policy, read model and saga without input", () => {
    const nodes = [
      sticky("service", "s1", "Mailer", { action: "Send" }),
      sticky("service", "s2", "Cron", { action: "Tick" }),
      sticky("event", "e", "Ticked"),
      sticky("policy", "p", "Notify"),
      sticky("command", "c", "Notify"),
      sticky("aggregate", "a", "Inbox"),
      sticky("readModel", "r", "Inbox view"),
      sticky("saga", "g", "Flow", { steps: [sagaStep("1", "w", "DoIt")] }),
      // A participant receives step commands: it has input.
      sticky("service", "w", "Worker"),
    ];
    const issues = issuesFor(nodes, [arrow("s2", "e"), arrow("p", "c"), arrow("c", "a"), arrow("g", "w")]);
    expect(codes(issues, "consumer-no-input")).toEqual([
      "consumer-no-input nodes[0]",
      "consumer-no-input nodes[3]",
      "consumer-no-input nodes[6]",
      "consumer-no-input nodes[7]",
    ]);
    expect(issues.find((i) => i.nodeId === "g")?.message).toBe(
      'Saga "Flow" is started by nothing: connect the command or event that starts it.',
    );
  });

  it("saga-empty, saga-step-no-compensation, duplicate-saga-step-id", () => {
    const nodes = [
      sticky("command", "c", "StartThings"),
      sticky("service", "w", "Worker"),
      sticky("saga", "g1", "Empty"),
      sticky("saga", "g2", "Sloppy", {
        steps: [
          { ...sagaStep("a", "w", "DoA", { compensation: "UndoA" }), compensation: undefined },
          sagaStep("a", "w", "DoB", { compensation: "UndoB" }),
          sagaStep("c", "w", "DoC"),
        ],
      }),
      sticky("saga", "g3", "Fine", { steps: [sagaStep("a", "w", "DoD", { compensation: "UndoD" }), sagaStep("b", "w", "DoE")] }),
    ];
    const issues = issuesFor(nodes, [arrow("c", "g1"), arrow("c", "g2"), arrow("c", "g3"), arrow("g2", "w"), arrow("g3", "w")]);
    expect(codes(issues)).toEqual([
      "saga-empty nodes[2].steps",
      "saga-step-no-compensation nodes[3].steps[0].compensation",
      "duplicate-saga-step-id nodes[3].steps[1].id",
    ]);
    expect(issues[1]?.message).toBe(
      'Step 1 of saga "Sloppy" ("DoA") is compensable but has no compensation: give it the command that undoes it, or make it the pivot or a retriable step.',
    );
    expect(issues[1]?.severity).toBe("error");
  });

  it("saga step order: one pivot, retriable steps after it and after every compensable step", () => {
    const steps = (...types: ("compensable" | "pivot" | "retriable")[]) =>
      types.map((type, i) => sagaStep(`s${i}`, "w", `Do${i}`, { type, ...(type === "compensable" ? { compensation: `Undo${i}` } : {}) }));
    const board = (list: ReturnType<typeof steps>) =>
      issuesFor([sticky("command", "c", "Go"), sticky("service", "w", "Worker"), sticky("saga", "g", "S", { steps: list })], [arrow("c", "g"), arrow("g", "w")]);
    expect(codes(board(steps("compensable", "pivot", "retriable", "retriable")))).toEqual([]);
    expect(codes(board(steps("compensable", "compensable")))).toEqual([]);
    expect(codes(board(steps("pivot", "pivot")))).toEqual(["saga-step-order nodes[2].steps[1].type"]);
    expect(codes(board(steps("retriable", "pivot")))).toEqual(["saga-step-order nodes[2].steps[0].type"]);
    const before = board(steps("compensable", "retriable", "compensable"));
    expect(codes(before)).toEqual(["saga-step-order nodes[2].steps[1].type"]);
    expect(before[0]?.message).toBe(
      'Step 2 of saga "S" is retriable but comes before step 3, a compensable step: retriable steps are never compensated, so they come after the pivot and every compensable step.',
    );
    const after = board(steps("pivot", "compensable"));
    expect(after.map((i) => [i.code, i.severity, i.path])).toEqual([["saga-step-after-pivot", "warning", "nodes[2].steps[1].type"]]);
    const ignored = issuesFor(
      [sticky("command", "c", "Go"), sticky("service", "w", "Worker"), sticky("saga", "g", "S", { steps: [sagaStep("1", "w", "Pay", { type: "pivot", compensation: "Refund" })] })],
      [arrow("c", "g"), arrow("g", "w")],
    );
    expect(ignored.map((i) => [i.code, i.severity, i.message])).toEqual([
      ["saga-compensation-ignored", "warning", 'Step 1 of saga "S" is the pivot, so its compensation "Refund" is never sent: only compensable steps are compensated.'],
    ]);
  });

  it("saga participants: present, of a kind that can handle commands, and connected; saga edges that no step uses", () => {
    const nodes = [
      sticky("command", "c", "Go"),
      sticky("service", "w", "Worker"),
      sticky("readModel", "r", "View"),
      sticky("aggregate", "a", "Ledger"),
      sticky("aggregate", "a2", "Ledger"),
      sticky("externalSystem", "x", "Bank"),
      sticky("saga", "g", "S", {
        steps: [
          sagaStep("1", undefined, "NoOne", { type: "compensable", compensation: "UndoNoOne" }),
          sagaStep("2", "gone", "Ghost", { type: "compensable", compensation: "UndoGhost" }),
          sagaStep("3", "r", "Project", { type: "compensable", compensation: "UndoProject" }),
          sagaStep("4", "w", "Work", { type: "compensable", compensation: "UndoWork" }),
          sagaStep("5", "a", "Book"),
        ],
      }),
    ];
    // The edge reaches another sticky of the merged Ledger aggregate: that counts; Bank is connected but unused.
    const issues = issuesFor(nodes, [arrow("c", "g"), arrow("g", "a2"), arrow("g", "x")]).filter((i) => i.code.startsWith("saga"));
    expect(codes(issues)).toEqual([
      "saga-step-no-participant nodes[6].steps[0].participant",
      "saga-step-participant-missing nodes[6].steps[1].participant",
      "saga-step-participant-missing nodes[6].steps[2].participant",
      "saga-participant-not-connected nodes[6].steps[3].participant",
      "saga-edge-no-step edges[2]",
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      'Step 1 of saga "S" ("NoOne") has no participant: choose the service, aggregate or external system that handles it.',
      'Step 2 of saga "S" names participant "gone", but no sticky has that id: choose the service, aggregate or external system that handles it.',
      'Step 3 of saga "S" names "View", a read model, as its participant: only a service, an aggregate or an external system can handle a step.',
      'Saga "S" orchestrates "Worker" (step 4) but no edge shows it: draw the edge from the saga to "Worker".',
      'The edge from saga "S" to "Bank" says the saga orchestrates it, but no step of the saga has "Bank" as its participant.',
    ]);
  });

  it("saga messages: one name, one contract; names of step commands and replies, their fields", () => {
    const orderId: Field[] = [{ name: "orderId", type: "uuid" }];
    const nodes = [
      sticky("command", "c", "CancelOrder", { payload: orderId }),
      sticky("event", "e", "OrderCancelled", { payload: orderId }),
      sticky("service", "w", "Worker"),
      sticky("saga", "g", "S", {
        steps: [
          // A step command may be a command of the board, with its payload.
          { ...sagaStep("1", "w", "CancelOrder", { type: "compensable", compensation: "Undo", payload: orderId }), replies: { success: { name: "OrderCancelled", payload: [] } } },
          sagaStep("2", "w", "CancelOrder", { payload: [{ name: "1bad", type: "string" }] }),
          { ...sagaStep("3", "w", "StepDone", { type: "retriable" }), replies: { success: { name: "Undo", payload: [] } } },
        ],
      }),
    ];
    const issues = issuesFor(nodes, [arrow("c", "w"), arrow("g", "w"), arrow("c", "g")]).filter((i) => i.code !== "event-no-producer");
    expect(codes(issues)).toEqual([
      "saga-message-name nodes[3].steps[0].replies.success.name",
      "field-name-invalid nodes[3].steps[1].action.payload[0].name",
      "saga-message-payload nodes[3].steps[1].action.payload",
      "command-imperative nodes[3].steps[2].action.name",
      "event-tense nodes[3].steps[2].replies.success.name",
      "saga-message-name nodes[3].steps[2].replies.success.name",
      "edge-grammar edges[0]",
    ]);
    expect(issues[0]?.message).toBe('"OrderCancelled" is both an event on the board and a step reply (step 1 of saga "S"): one name is one thing on a board, so rename one of them.');
    expect(issues[2]?.message).toBe('"CancelOrder" has a different payload than the command sticky "CancelOrder" on the board: one name is one contract, so their payloads must match.');
    expect(issues[5]?.message).toBe('"Undo" is both a step command (step 1 of saga "S") and a step reply (step 3 of saga "S"): one name is one thing on a board, so rename one of them.');
  });

  it("delivery: consumer group names set twice, channels that collide, unknown partition keys", () => {
    const nodes = [
      sticky("command", "c", "Go"),
      sticky("aggregate", "a", "Thing"),
      sticky("event", "e", "Shipped", { payload: [{ name: "orderId", type: "uuid" }], partitionKey: "customerId", topic: "worker.commands" }),
      sticky("service", "s1", "Mailer", { action: "Mail", delivery: { group: "mail" } }),
      sticky("readModel", "r", "View", { delivery: { group: "mail" } }),
      sticky("service", "w", "Worker"),
      sticky("saga", "g", "S", { steps: [sagaStep("1", "w", "Work")] }),
    ];
    const issues = issuesFor(nodes, [arrow("c", "a"), arrow("a", "e"), arrow("e", "s1"), arrow("e", "r"), arrow("e", "g"), arrow("g", "w")]);
    // On both stickies that set it: either may be the one to change.
    expect(codes(issues)).toEqual([
      "consumer-group-taken nodes[3].delivery.group",
      "consumer-group-taken nodes[4].delivery.group",
      "channel-name-taken nodes[5].commandChannel",
      "partition-key-unknown nodes[2].partitionKey",
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      'Consumer group "mail" is set on both "Mailer" and "View": every consumer needs its own group.',
      'Consumer group "mail" is set on both "Mailer" and "View": every consumer needs its own group.',
      'Channel "worker.commands" is both an event topic and the command channel of "Worker": give each its own channel.',
      'Event "Shipped" is partitioned by "customerId", which is not one of its top-level payload fields: its messages are keyed by the aggregate id instead.',
    ]);
  });

  it("delivery: a key set differently on a later sticky of the same consumer is named as having no effect; the same value is fine", () => {
    const board = orderFlowTemplate();
    const set = (id: string, delivery: Record<string, unknown>) => ({ ...board, nodes: board.nodes.map((n) => (n.id === id ? { ...n, delivery } : n)) });
    const first = set("svc-email-confirm", { maxAttempts: 2, group: "mailer" });
    const both = { ...first, nodes: first.nodes.map((n) => (n.id === "svc-email-shipping" ? { ...n, delivery: { maxAttempts: 4 } } : n)) };
    const issues = validateBoard(both as typeof board);
    const at = both.nodes.findIndex((n) => n.id === "svc-email-shipping");
    expect(codes(issues)).toEqual([`delivery-override-ignored nodes[${at}].delivery.maxAttempts`]);
    expect(issues[0]?.severity).toBe("warning");
    expect(issues[0]?.message).toBe(
      '"EmailService" sets maxAttempts to 4, but its consumer group "mailer" is shared with an earlier sticky of the same name, whose maxAttempts (2) is the one used: set it on one of them, or the same on both.',
    );
    const same = { ...first, nodes: first.nodes.map((n) => (n.id === "svc-email-shipping" ? { ...n, delivery: { maxAttempts: 2 } } : n)) };
    expect(validateBoard(same as typeof board)).toEqual([]);
  });

  it("payload-mismatch: same-name events or commands with different payloads", () => {
    const a: Field[] = [{ name: "orderId", type: "uuid" }, { name: "note", type: "string", description: "x" }];
    const sameInOtherOrder: Field[] = [{ name: "note", type: "string", required: true }, { name: "orderId", type: "uuid" }];
    const different: Field[] = [{ name: "orderId", type: "string" }];
    const nodes = [
      sticky("aggregate", "agg", "Order"),
      sticky("event", "e1", "OrderPlaced", { payload: a }),
      sticky("event", "e2", "orderPlaced", { payload: sameInOtherOrder }),
      sticky("event", "e3", "OrderPlaced", { payload: different }),
      sticky("command", "c1", "PlaceOrder", { payload: a }),
      sticky("command", "c2", "PlaceOrder", { payload: [] }),
    ];
    const issues = issuesFor(nodes, [arrow("agg", "e1"), arrow("c1", "agg")]);
    expect(codes(issues)).toEqual(["payload-mismatch nodes[3].payload", "payload-mismatch nodes[5].payload"]);
    expect(issues[0]?.message).toContain('on sticky "e1"');
  });

  it("field-name-invalid: bad identifiers and duplicates, at any depth", () => {
    const payload: Field[] = [
      { name: "order id", type: "string" },
      { name: "2fa", type: "boolean" },
      { name: "주문번호", type: "string" },
      { name: "$ref", type: "string" },
      { name: "class", type: "string" },
      { name: "lines", type: "array", items: { type: "object", fields: [{ name: "sku", type: "string" }, { name: "sku", type: "string" }] } },
      { name: "order id", type: "string" },
    ];
    const nodes = [sticky("aggregate", "a", "Order"), sticky("event", "e", "OrderPlaced", { payload })];
    const issues = issuesFor(nodes, [arrow("a", "e")]);
    expect(codes(issues)).toEqual([
      "field-name-invalid nodes[1].payload[0].name",
      "field-name-invalid nodes[1].payload[1].name",
      "field-name-invalid nodes[1].payload[5].items.fields[1].name",
      "field-name-invalid nodes[1].payload[6].name",
    ]);
    expect(issues[2]?.message).toContain("listed twice");
  });

  it("field-name-invalid: read model fields too", () => {
    const nodes = [sticky("readModel", "r", "View", { fields: [{ name: "a-b", type: "string" }] })];
    expect(codes(issuesFor(nodes), "field-name-invalid")).toEqual(["field-name-invalid nodes[0].fields[0].name"]);
  });

  it("field-shape: fields or items on the wrong type, arrays without items", () => {
    const payload: Field[] = [
      { name: "a", type: "string", fields: [] },
      { name: "b", type: "number", items: { type: "string" } },
      { name: "c", type: "array" },
      { name: "d", type: "object", fields: [] },
    ];
    const nodes = [sticky("aggregate", "x", "Order"), sticky("event", "e", "OrderPlaced", { payload })];
    expect(codes(issuesFor(nodes, [arrow("x", "e")]))).toEqual([
      "field-shape nodes[1].payload[0]",
      "field-shape nodes[1].payload[1]",
      "field-shape nodes[1].payload[2]",
    ]);
  });

  it("command-no-handler and policy-no-command", () => {
    const nodes = [
      sticky("actor", "u", "Clerk"),
      sticky("command", "c", "Archive"),
      sticky("aggregate", "a", "Order"),
      sticky("event", "e", "OrderArchived"),
      sticky("policy", "p", "Whenever archived"),
    ];
    const issues = issuesFor(nodes, [arrow("u", "c"), arrow("a", "e"), arrow("e", "p")]);
    expect(codes(issues)).toEqual(["command-no-handler nodes[1]", "policy-no-command nodes[4]"]);
    expect(issues.map((i) => i.severity)).toEqual(["warning", "warning"]);
  });

  it("event-type-collision: two different events with one event type", () => {
    const nodes = [
      sticky("aggregate", "a", "Order"),
      sticky("event", "e1", "OrderPlaced"),
      sticky("event", "e2", "Order placed"),
    ];
    const issues = issuesFor(nodes, [arrow("a", "e1"), arrow("a", "e2")]);
    expect(codes(issues)).toEqual(["event-type-collision nodes[2].name"]);
    expect(issues[0]?.message).toBe(
      'Events "OrderPlaced" and "Order placed" both get the event type "order.placed": rename one of them.',
    );
  });

  it("reports in board order: nodes first, in order, then edges", () => {
    const nodes = [sticky("event", "e", "Shipping"), sticky("command", "c", "ShippedIt"), sticky("saga", "g", "S")];
    const issues = issuesFor(nodes, [arrow("e", "c")]);
    expect(codes(issues)).toEqual([
      "event-tense nodes[0].name",
      "event-no-producer nodes[0]",
      "command-imperative nodes[1].name",
      "command-no-handler nodes[1]",
      "saga-empty nodes[2].steps",
      "consumer-no-input nodes[2]",
      "edge-grammar edges[0]",
    ]);
    expect(validateBoard(testBoard(nodes, [arrow("e", "c")]))).toEqual(issues);
  });

  it("cuts a long name in a message by code point: an emoji at the cut is never split into a lone surrogate", () => {
    const nodes = [sticky("event", "e", `${"x".repeat(58)}🚀 launch the rocket now`)];
    const message = issuesFor(nodes)[0]?.message ?? "";
    expect(message).toContain(`"${"x".repeat(58)}🚀…"`);
    expect(message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it("quotes names safely in messages", () => {
    const nodes = [sticky("event", "e", 'Say "hi"\n*/ done')];
    const message = issuesFor(nodes)[0]?.message ?? "";
    // Issue 16 bug 5: the quotes inside a name read as typed, with no JSON backslashes.
    expect(message).toContain('"Say "hi" */ done"');
    expect(message).not.toContain("\\");
    expect(message).not.toContain("\n");
  });

  it("validates a board of thousands of stickies", () => {
    const nodes: BoardNode[] = [];
    const edges: Edge[] = [];
    for (let i = 0; i < 1500; i++) {
      nodes.push(sticky("command", `c${i}`, `Do${i}`), sticky("aggregate", `a${i}`, "Thing"));
      nodes.push(sticky("event", `e${i}`, `Done${i}Happened`));
      edges.push(arrow(`c${i}`, `a${i}`), arrow(`a${i}`, `e${i}`));
    }
    expect(issuesFor(nodes, edges)).toEqual([]);
  });
});
