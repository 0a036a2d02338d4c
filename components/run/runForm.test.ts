import { describe, expect, it } from "vitest";
import { MAX_RUN_COUNT } from "@/lib/contracts/runs";
import { analyzeBoard, orderFlowTemplate } from "@/lib/model";
import { runStrings } from "./strings";
import { runStringsKo } from "./strings.ko";
import {
  DEFAULT_FORM,
  buildRunRequest,
  commandOptions,
  faultLabel,
  faultTargetGroups,
  formFieldPaths,
  issuesByPath,
  modeNeedsValue,
  parseNumber,
  type RunFormValues,
} from "./runForm";

const board = orderFlowTemplate();
const form = (more: Partial<RunFormValues> = {}): RunFormValues => ({ ...DEFAULT_FORM, command: "PlaceOrder", ...more });

describe("board options", () => {
  const analysis = analyzeBoard(orderFlowTemplate());

  it("lists entry commands first", () => {
    const { entry, other } = commandOptions(analysis);
    expect(entry.length).toBeGreaterThan(0);
    const all = analysis.commands;
    for (const o of entry) expect(all.find((c) => c.name === o.value)?.isEntry).toBe(true);
    for (const o of other) {
      const c = all.find((x) => x.name === o.value)!;
      expect(c.isEntry && c.handlers.length > 0).toBe(false);
    }
  });

  it("offers exactly the simulator's fault targets: each step, each compensation, each name once, labelled unambiguously", () => {
    const groups = faultTargetGroups(analysis);
    expect(groups.map((g) => g.kind)).toEqual(["step", "compensation", "name"]);
    expect(groups[0]!.options.map(({ value, label }) => ({ value, label }))).toEqual([
      { value: "OrderSaga#1", label: "OrderSaga#1 — step 1: InventoryService ← ReserveInventory" },
      { value: "OrderSaga#2", label: "OrderSaga#2 — step 2: PaymentService ← ChargePayment" },
      { value: "OrderSaga#3", label: "OrderSaga#3 — step 3: Order ← ConfirmOrder" },
    ]);
    expect(groups[1]!.options.map((o) => o.value)).toEqual(["OrderSaga#1/compensation", "OrderSaga#2/compensation"]);
    const names = groups[2]!.options.map((o) => o.value.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    // Order is both an aggregate and step 3's participant: one option that says both.
    expect(groups[2]!.options.find((o) => o.value === "Order")?.label).toBe("Order — aggregate, participant of OrderSaga#3; aggregate handling commands");
    // In Korean, from the same facts: every word of the English label said in Korean, the names as they are.
    const ko = (value: string) => runStringsKo.faultTargetLabel([...groups[0]!.options, ...groups[1]!.options, ...groups[2]!.options].find((o) => o.value === value)!);
    expect(ko("OrderSaga#2")).toBe("OrderSaga#2 — 2단계: PaymentService ← ChargePayment");
    expect(ko("OrderSaga#1/compensation")).toBe("OrderSaga#1/compensation — 1단계 보상: InventoryService ← ReleaseInventory");
    expect(ko("Order")).toBe("Order — 애그리거트, OrderSaga#3의 참여자; 커맨드를 처리하는 애그리거트");
    for (const group of groups) for (const option of group.options) expect(runStrings.faultTargetLabel(option)).toBe(option.label);
    for (const a of analysis.aggregates) expect(names).toContain(a.name.toLowerCase());
    for (const s of analysis.services) expect(names).toContain(s.name.toLowerCase());
  });
});

describe("buildRunRequest", () => {
  it("builds the request, leaving defaults out", () => {
    const { request, issues } = buildRunRequest(form({ count: "1,000", concurrency: "", seed: " 42 ", duplicateRate: "0" }), board);
    expect(issues).toEqual([]);
    expect(request).toEqual({ command: "PlaceOrder", count: 1000, seed: "42" });
  });

  it("asks to keep the broker topology only for a run on a real broker", () => {
    expect(buildRunRequest(form({ count: "5", concurrency: "", broker: "nats://127.0.0.1:4222", keepTopology: true }), board).request).toEqual({ command: "PlaceOrder", count: 5, broker: "nats://127.0.0.1:4222", keepTopology: true });
    expect(buildRunRequest(form({ count: "5", concurrency: "", broker: "nats://127.0.0.1:4222", keepTopology: false }), board).request).toEqual({ command: "PlaceOrder", count: 5, broker: "nats://127.0.0.1:4222" });
    // Switched on, then back to the in-process broker: nothing to keep, nothing asked (the server would refuse it).
    expect(buildRunRequest(form({ count: "5", concurrency: "", broker: "", keepTopology: true }), board).request).toEqual({ command: "PlaceOrder", count: 5 });
  });

  it("carries faults with values only where the mode takes one", () => {
    const { request } = buildRunRequest(
      form({
        duplicateRate: "0.1",
        faults: [
          { id: 1, target: "PaymentService", mode: "fail", value: "3" },
          { id: 2, target: "EmailService", mode: "transient", value: "2" },
          { id: 3, target: "Order", mode: "rate", value: "0.25" },
          { id: 4, target: "InventoryService", mode: "latency", value: "0" },
        ],
      }),
      board,
    );
    expect(request?.faults).toEqual([
      { target: "PaymentService", mode: "fail" },
      { target: "EmailService", mode: "transient", value: 2 },
      { target: "Order", mode: "rate", value: 0.25 },
      { target: "InventoryService", mode: "latency", value: 0 },
    ]);
    expect(request?.duplicateRate).toBe(0.1);
  });

  it("reports every problem at once, by the API's paths, with the server's own check", () => {
    const { request, issues } = buildRunRequest(
      form({
        command: "Nope",
        count: String(MAX_RUN_COUNT + 1),
        concurrency: "0",
        duplicateRate: "1.5",
        faults: [
          { id: 1, target: "", mode: "fail", value: "" },
          { id: 2, target: "EmailService", mode: "transient", value: "1.5" },
          { id: 3, target: "EmailService", mode: "rate", value: "" },
          { id: 4, target: "EmailService", mode: "latency", value: "-1" },
        ],
      }),
      board,
    );
    expect(request).toBeNull();
    expect(issues.map((i) => i.path)).toEqual(["command", "count", "concurrency", "duplicateRate", "faults[0].target", "faults[1].value", "faults[2].value", "faults[3].value"]);
  });

  it("shows the server's messages: the same text the API answers", () => {
    const issues = buildRunRequest(form({ count: "2.5", faults: [{ id: 1, target: "Nowhere", mode: "fail", value: "" }] }), board).issues;
    expect(issues[0]).toEqual({ path: "count", message: `must be a whole number from 1 to ${MAX_RUN_COUNT.toLocaleString("en")} (got 2.5): a run issues at most ${MAX_RUN_COUNT.toLocaleString("en")} entry commands` });
    expect(issues[1]!.path).toBe("faults[0].target");
    expect(issues[1]!.message).toMatch(/^unknown fault target "Nowhere"/);
    expect(buildRunRequest(form({ count: "lots" }), board).issues).toEqual([{ path: "count", message: 'must be a number (how many entry commands to issue) (got "lots")' }]);
  });

  it("refuses a blank or fractional count", () => {
    expect(buildRunRequest(form({ count: "" }), board).issues.map((i) => i.path)).toEqual(["count"]);
    expect(buildRunRequest(form({ count: "2.5" }), board).issues.map((i) => i.path)).toEqual(["count"]);
  });
});

describe("helpers", () => {
  it("parses numbers as typed", () => {
    expect(parseNumber("100 000")).toBe(100000);
    expect(parseNumber("")).toBeNaN();
    expect(parseNumber("abc")).toBeNaN();
    expect(parseNumber("1,000,000")).toBe(1000000);
    expect(parseNumber("0.25")).toBe(0.25);
    expect(parseNumber("1e3")).toBe(1000);
    // Not decimal, or a decimal comma: sent as typed, so the server's message quotes the user's text.
    expect(parseNumber("0x10")).toBeNaN();
    expect(parseNumber("0b11")).toBeNaN();
    expect(parseNumber("0,5")).toBeNaN();
    expect(parseNumber("Infinity")).toBeNaN();
  });
  it("knows which modes take a value", () => {
    expect(modeNeedsValue("fail")).toBe(false);
    expect(modeNeedsValue("latency")).toBe(true);
  });
  it("splits issues into inline ones and the rest", () => {
    const { byPath, rest } = issuesByPath(
      [
        { path: "count", message: "a" },
        { path: "count", message: "b" },
        { path: "faults[0].value", message: "c" },
        { path: "nodes[3].name", message: "d" },
      ],
      formFieldPaths(1),
    );
    expect(byPath.get("count")).toBe("a; b");
    expect(byPath.get("faults[0].value")).toBe("c");
    expect(rest).toEqual([{ path: "nodes[3].name", message: "d" }]);
  });
  it("writes faults as the CLI does", () => {
    expect(faultLabel({ target: "Payment", mode: "fail" })).toBe("Payment:fail");
    expect(faultLabel({ target: "Email", mode: "transient", value: 2 })).toBe("Email:transient=2");
  });
});

describe("buildRunRequest: time scale", () => {
  it("sends a time scale other than real time, and checks its range", () => {
    expect(buildRunRequest(form({ timeScale: "0" }), board).request).toMatchObject({ timeScale: 0 });
    expect(buildRunRequest(form({ timeScale: "0.01" }), board).request).toMatchObject({ timeScale: 0.01 });
    expect(buildRunRequest(form({ timeScale: "1" }), board).request).not.toHaveProperty("timeScale");
    expect(buildRunRequest(form({ timeScale: "11" }), board).issues).toEqual([
      { path: "timeScale", message: "must be a number from 0 to 10: 1 is real time, 0.01 a hundred times faster, 0 no waiting (got 11)" },
    ]);
    expect(buildRunRequest(form({ timeScale: "soon" }), board).issues.map((i) => i.path)).toEqual(["timeScale"]);
  });
});
