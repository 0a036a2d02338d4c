import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { analyzeBoard } from "../model/analyze";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { arrow, sagaStep, sticky, testBoard } from "../model/testing/testBoards";
import { markdownCatalog } from "./markdownCatalog";
import { awkwardBoard, koreanBoard } from "./testing/testBoards";
import { section, tables } from "./testing/testMarkdown";

describe("markdownCatalog (seed 000's output format)", () => {
  it("shows the seed's tables for the Order template", () => {
    const md = markdownCatalog(orderFlowTemplate());
    expect(md.startsWith("## Event-Driven Architecture\n\n### Events\n| Event | Aggregate | Trigger |\n|-------|-----------|---------|\n")).toBe(true);
    const [events, steps] = tables(md);
    expect(events?.rows).toContainEqual(["OrderPlaced", "Order", "PlaceOrder"]);
    expect(events?.rows).toContainEqual(["OrderShipped", "Order", "ShipOrder"]);
    // An event the saga emits names the saga where the seed names the aggregate.
    expect(events?.rows).toContainEqual(["OrderCompleted", "OrderSaga", "OrderPlaced"]);
    expect(steps?.header).toBe("| Step | Service | Compensation |");
    expect(steps?.rows).toEqual([
      ["1", "InventoryService", "Release inventory"],
      ["2", "PaymentService", "Refund payment"],
      ["3", "Order", "—"],
    ]);
    expect(md).toContain("### Saga Steps\n| Step |");
    expect(md).not.toContain("####");
  });

  it("draws the event flow as the seed's tree: Trigger → Event, then ├──/└── Consumer: action", () => {
    const flow = section(markdownCatalog(orderFlowTemplate()), "### Event Flow");
    expect(flow).toContain(
      [
        "PlaceOrder → OrderPlaced",
        "    ├── EmailService: Send confirmation",
        "    ├── AnalyticsService: Track order",
        "    ├── OrderSaga: Start saga",
        "    └── OrderView: Update read model",
      ].join("\n"),
    );
    // An event the saga emits shows the saga between its trigger and the event.
    expect(flow).toContain("OrderPlaced → OrderSaga → OrderCompleted\n    └── OrderView: Update read model");
    expect(flow.startsWith("```\n")).toBe(true);
    expect(flow.trimEnd().endsWith("```")).toBe(true);
  });

  it.each([
    ["the Order template", orderFlowTemplate],
    ["the Create Order saga template", createOrderSagaTemplate],
    ["a Korean-named board", koreanBoard],
    ["a board full of awkward names", awkwardBoard],
  ])("has one row per event and per saga step, three cells each, whatever the names: %s", (_label, build) => {
    const board = build();
    const flow = analyzeBoard(board);
    for (const lang of ["en", "ko"] as const) {
      const md = markdownCatalog(board, { lang });
      const [events, ...sagas] = tables(md);
      expect(events?.rows).toHaveLength(flow.events.length);
      expect(sagas.map((table) => table.rows.length)).toEqual(flow.sagas.map((saga) => saga.steps.length));
      for (const row of [events, ...sagas].flatMap((table) => table?.rows ?? [])) expect(row).toHaveLength(3);
    }
  });

  it("adds the action to the participant of several steps of one saga, and shows — for a step without participant", () => {
    const [, steps] = tables(markdownCatalog(createOrderSagaTemplate()));
    expect(steps?.rows).toEqual([
      ["1", "Consumer Service", "Release consumer hold"],
      ["2", "Kitchen Service — Create ticket", "Reject ticket"],
      ["3", "Accounting Service", "—"],
      ["4", "Kitchen Service — Approve ticket", "—"],
      ["5", "Order", "—"],
    ]);
    const [, awkward] = tables(markdownCatalog(awkwardBoard()));
    expect(awkward?.rows).toEqual([
      ["1", "Pay \\*/ — Charge card", "Refund all"],
      ["2", "Pay \\*/ — Command", "Undo it"],
      ["3", "—", "—"],
    ]);
  });

  it("counts participants per saga and by kind: a service and an aggregate of one name are two participants", () => {
    const board = testBoard(
      [
        sticky("saga", "z1", "One", { steps: [sagaStep("1", "s", "ReserveStock", { compensation: "ReleaseStock" }), sagaStep("2", "a", "ConfirmStock")] }),
        sticky("saga", "z2", "Two", { steps: [sagaStep("1", "s", "CountStock")] }),
        sticky("service", "s", "Stock", { action: "Keep stock" }),
        sticky("aggregate", "a", "Stock"),
      ],
      [arrow("z1", "s"), arrow("z1", "a"), arrow("z2", "s")],
    );
    const [, one, two] = tables(markdownCatalog(board));
    expect(one?.rows).toEqual([["1", "Stock", "Release stock"], ["2", "Stock", "—"]]);
    expect(two?.rows).toEqual([["1", "Stock", "—"]]);
  });

  it("puts a #### heading over each saga's table only when there is more than one saga", () => {
    const md = markdownCatalog(awkwardBoard());
    expect(md).toContain("#### Saga \\| One\n| Step | Service | Compensation |");
    expect(md).toContain("#### Saga \\#\\# Two \\#\n");
  });

  it("writes Korean headings and labels with lang ko, names untranslated", () => {
    const md = markdownCatalog(orderFlowTemplate(), { lang: "ko" });
    expect(md).toContain("## 이벤트 기반 아키텍처\n\n### 이벤트\n| 이벤트 | 애그리거트 | 트리거 |");
    expect(md).toContain("### 이벤트 흐름\n```");
    expect(md).toContain("    └── OrderView: 읽기 모델 갱신");
    expect(md).toContain("### 사가 단계\n| 단계 | 서비스 | 보상 |");
  });

  it("never lets user text inject HTML or break the fence", async () => {
    const board = testBoard(
      [
        sticky("command", "c", "Do <img src=x onerror=alert(1)>"),
        sticky("aggregate", "a", "```"),
        sticky("event", "e", "```\n# Not a heading"),
        sticky("service", "s", "S", { action: "<script>alert(1)</script>" }),
      ],
      [arrow("c", "a"), arrow("a", "e"), arrow("e", "s")],
    );
    const md = markdownCatalog(board);
    const html = await marked.parse(md);
    expect(html).not.toMatch(/<img|<script/u);
    expect(html).not.toContain("<h1>");
    expect(md).toContain("````\nDo <img src=x onerror=alert(1)> → ``` # Not a heading");
  });

  it("says so when there is nothing to show", () => {
    const md = markdownCatalog(testBoard([]));
    expect(md).toContain("_No events on this board yet._");
    expect(md).toContain("_No sagas on this board._");
  });
});
