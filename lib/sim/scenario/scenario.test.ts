import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../../model";
import { arrow, sticky, testBoard } from "../../model/testing/testBoards";
import { isSimError, type SimError } from "../errors";
import { MAX_RUN_COUNT, parseFaultSpec, prepareScenario } from "./scenario";

const prepare = (input: unknown, board = orderFlowTemplate()) => prepareScenario(board, input, { seed: "default-seed" });

function refusal(fn: () => unknown): SimError {
  try {
    fn();
  } catch (err) {
    if (isSimError(err)) return err;
    throw err;
  }
  throw new Error("expected a SimError");
}

describe("prepareScenario", () => {
  it("fills the defaults: the first entry command, concurrency, seed, real time", () => {
    const { scenario } = prepare({ count: 3 });
    expect(scenario).toEqual({
      command: "PlaceOrder",
      count: 3,
      concurrency: 3,
      seed: "default-seed",
      faults: [],
      duplicateRate: 0,
      timeScale: 1,
    });
  });

  it("resolves commands and fault targets case-insensitively: a step, its compensation, a name with everything it is", () => {
    const { scenario } = prepare({
      command: "  shiporder ",
      count: 1,
      seed: 42,
      timeScale: 0,
      faults: [
        { target: "paymentservice", mode: "fail" },
        { target: "ordersaga#1", mode: "latency", value: 5 },
        { target: "OrderSaga #2 / Compensation", mode: "fail" },
        { target: "Order", mode: "fail" },
      ],
    });
    expect(scenario.command).toBe("ShipOrder");
    expect(scenario.seed).toBe("42");
    expect(scenario.timeScale).toBe(0);
    expect(scenario.faults).toEqual([
      { target: "PaymentService", mode: "fail", matches: [{ kind: "participant", name: "service:paymentservice" }] },
      { target: "OrderSaga#1", mode: "latency", value: 5, matches: [{ kind: "step", saga: "ordersaga", stepIndex: 0, role: "action" }] },
      { target: "OrderSaga#2/compensation", mode: "fail", matches: [{ kind: "step", saga: "ordersaga", stepIndex: 1, role: "compensation" }] },
      { target: "Order", mode: "fail", matches: [{ kind: "participant", name: "aggregate:order" }, { kind: "aggregate", name: "order" }] },
    ]);
  });

  it("lists every valid target when one is unknown: steps, compensations, names", () => {
    const error = refusal(() => prepare({ count: 1, faults: [{ target: "OrderSaga#9", mode: "fail" }] }));
    expect(error.issues[0]).toEqual({
      path: "faults[0].target",
      message:
        'unknown fault target "OrderSaga#9": a fault targets a saga step (SAGA#N), its compensation (SAGA#N/compensation), or a participant, consumer or aggregate by name (targets on this board: OrderSaga#1, OrderSaga#1/compensation, OrderSaga#2, OrderSaga#2/compensation, OrderSaga#3, Order, EmailService, AnalyticsService, InventoryService, PaymentService, OrderView)',
    });
  });

  it("tells a run request that still sets maxAttempts where attempts live now", () => {
    const error = refusal(() => prepare({ count: 1, maxAttempts: 3 }));
    expect(error.issues[0]).toEqual({ path: "maxAttempts", message: expect.stringContaining("attempts and backoff are the board's delivery policy") });
  });

  it.each([
    [{ count: 0 }, "count", "must be a whole number from 1 to 100,000 (got 0)"],
    [{ count: -5 }, "count", "(got -5)"],
    [{ count: MAX_RUN_COUNT + 1 }, "count", "a run issues at most 100,000 entry commands"],
    [{ count: 2.5 }, "count", "must be a whole number"],
    [{}, "count", "is required"],
    [{ count: "ten" }, "count", 'must be a number (how many entry commands to issue) (got "ten")'],
    [{ count: 1, command: "FlyToMoon" }, "command", 'unknown command "FlyToMoon": entry commands on this board: PlaceOrder, ShipOrder, CancelOrder'],
    [{ count: 1, concurrency: 0 }, "concurrency", "from 1 to 64"],
    [{ count: 1, duplicateRate: 1.5 }, "duplicateRate", "probability from 0 to 1"],
    [{ count: 1, faults: [{ target: "Teleporter", mode: "fail" }] }, "faults[0].target", 'unknown fault target "Teleporter"'],
    [{ count: 1, faults: [{ target: "Payment", mode: "explode" }] }, "faults[0].mode", "must be one of fail, transient, rate, latency"],
    [{ count: 1, faults: [{ target: "PaymentService", mode: "transient" }] }, "faults[0].value", "transient needs N"],
    [{ count: 1, faults: [{ target: "PaymentService", mode: "rate", value: 2 }] }, "faults[0].value", "a number from 0 to 1 (got 2)"],
    [{ count: 1, faults: [{ target: "PaymentService", mode: "latency", value: -1 }] }, "faults[0].value", "latency needs MS"],
    [{ count: 1, faults: [{ target: "PaymentService", mode: "fail", value: 1 }] }, "faults[0].value", "fail takes no value"],
    [{ count: 1, timeScale: -1 }, "timeScale", "must be a number from 0 to 10: 1 is real time"],
    [{ count: 1, timeScale: 11 }, "timeScale", "(got 11)"],
    [{ count: 1, colour: "red" }, "colour", 'unknown key "colour"'],
    [{ count: Infinity }, "count", "(got Infinity)"],
    [{ count: 1, seed: 2 ** 53 + 2 }, "seed", "must be a whole number from"],
    [{ count: 1, seed: "   " }, "seed", "must not be blank"],
    [{ count: 1, seed: "" }, "seed", "must not be empty"],
    [{ count: 1, faults: [{ target: "Payment", mode: "fail", extra: 1 }] }, "faults[0].extra", 'unknown key "extra" (known: target, mode, value)'],
  ])("refuses %j at %s: %s", (input, path, message) => {
    const error = refusal(() => prepare(input));
    expect(error.code).toBe("invalid_scenario");
    expect(error.issues).toContainEqual({ path, message: expect.stringContaining(message) });
    expect(error.message).toContain(message);
  });

  it("reports a bad count once, not as a bad default concurrency too", () => {
    expect(refusal(() => prepare({ count: 1.5 })).issues.map((issue) => issue.path)).toEqual(["count"]);
    // An empty seed is empty, not also blank: one cause, said once.
    expect(refusal(() => prepare({ count: 1, seed: "" })).issues).toEqual([{ path: "seed", message: 'must not be empty (got "")' }]);
  });

  it("refuses a command that only a policy issues, and a board with no entry command", () => {
    const board = testBoard(
      [
        sticky("actor", "u", "User"),
        sticky("command", "s", "StartThing"),
        sticky("aggregate", "a0", "Thing"),
        sticky("event", "e", "ThingHappened"),
        sticky("policy", "p", "React"),
        sticky("command", "c", "DoThing"),
        sticky("aggregate", "a", "Thing"),
        sticky("event", "e2", "ThingDone"),
      ],
      [arrow("u", "s"), arrow("s", "a0"), arrow("a0", "e"), arrow("e", "p"), arrow("p", "c"), arrow("c", "a"), arrow("a", "e2")],
    );
    const error = refusal(() => prepare({ count: 1, command: "DoThing" }, board));
    expect(error.issues[0]!.message).toBe('command "DoThing" is issued by policy React, not by an actor: a run starts with an entry command (entry commands on this board: StartThing)');
    const idle = testBoard([sticky("actor", "u", "User"), sticky("command", "c", "Ping")], [arrow("u", "c")]);
    expect(refusal(() => prepare({ count: 1 }, idle)).issues[0]!.message).toContain("this board has no entry command with a handler");
  });

  it("refuses a board with validation errors, listing them", () => {
    const board = testBoard([sticky("command", "c", "PlaceOrder"), sticky("aggregate", "a", "Order"), sticky("event", "e", "OrderPlaced")], [arrow("c", "a"), arrow("e", "a")]);
    const error = refusal(() => prepare({ count: 1 }, board));
    expect(error.code).toBe("invalid_board");
    expect(error.message).toMatch(/^The board "Test board" has \d+ errors?; fix/);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.issues[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
  });
});

describe("parseFaultSpec", () => {
  it.each([
    ["Payment:fail", { target: "Payment", mode: "fail" }],
    ["EmailService:transient=2", { target: "EmailService", mode: "transient", value: 2 }],
    ["Inventory:rate=0.25", { target: "Inventory", mode: "rate", value: 0.25 }],
    ["Order:latency=150", { target: "Order", mode: "latency", value: 150 }],
    ["Payment gateway: v2:fail", { target: "Payment gateway: v2", mode: "fail" }],
  ])("reads %s", (text, spec) => {
    expect(parseFaultSpec(text)).toEqual(spec);
  });

  it.each([
    ["Payment", "is not TARGET:MODE"],
    [":fail", "is not TARGET:MODE"],
    ["Payment:explode", "is not TARGET:MODE"],
    ["Payment:fail=1", "fail takes no value"],
    ["Payment:rate=", "rate needs a number in decimal digits: rate=P"],
    ["Payment:transient=lots", 'transient needs a number in decimal digits: transient=N (got "lots")'],
    ["Payment:transient=0x2", 'transient needs a number in decimal digits: transient=N (got "0x2")'],
    ["Payment:latency=1e3", 'latency needs a number in decimal digits: latency=MS (got "1e3")'],
    ["Payment:rate=Infinity", 'rate needs a number in decimal digits: rate=P (got "Infinity")'],
  ])("refuses %s", (text, message) => {
    const error = refusal(() => parseFaultSpec(text, "--fault"));
    expect(error.code).toBe("invalid_scenario");
    expect(error.issues[0]).toEqual({ path: "--fault", message: expect.stringContaining(message) });
  });
});
