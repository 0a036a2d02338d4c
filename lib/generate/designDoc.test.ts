import { describe, expect, it } from "vitest";
import { analyzeBoard } from "../model/analyze";
import type { Board } from "../model/schema";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { arrow, sagaStep, sticky, testBoard } from "../model/testing/testBoards";
import { deriveTopology } from "../model/topology";
import { designDoc } from "./designDoc";
import { DESIGN_WORDS } from "./i18n";
import { retryPolicyText } from "./retryPolicyText";
import { awkwardBoard, framedBoard, koreanBoard } from "./testing/testBoards";
import { frame } from "../model/testing/testBoards";
import { cells, section, tables } from "./testing/testMarkdown";

describe("designDoc (seed 002's output format)", () => {
  it("has seed 002's headings in order, in Korean by default", () => {
    const md = designDoc(orderFlowTemplate());
    const headings = md.split("\n").filter((line) => line.startsWith("#"));
    expect(headings).toEqual([
      "## 이벤트 기반 아키텍처 설계",
      "### 이벤트 카탈로그",
      "### 이벤트 흐름도",
      "### 메시지 브로커 설정 (토픽/큐 구성)",
      "### 일관성 전략 (강한/최종)",
    ]);
    expect(section(md, "### 이벤트 카탈로그").startsWith("| 이벤트 | 생산자 | 소비자 | 설명 |\n")).toBe(true);
  });

  it("translates headings and labels with lang en", () => {
    const md = designDoc(orderFlowTemplate(), { lang: "en" });
    const headings = md.split("\n").filter((line) => line.startsWith("#"));
    expect(headings).toEqual([
      "## Event-Driven Architecture Design",
      "### Event Catalog",
      "### Event Flow Diagram",
      "### Message Broker Configuration (Topics/Queues)",
      "### Consistency Strategy (Strong/Eventual)",
    ]);
    expect(md).toContain("| Event | Producer | Consumer | Description |");
    expect(md).not.toMatch(/[가-힣]/u);
  });

  it("lists every event with its producers, consumers and description", () => {
    const [catalog] = tables(designDoc(orderFlowTemplate()));
    expect(catalog?.rows).toContainEqual([
      "OrderPlaced (`order.placed`)",
      "Order",
      "EmailService, AnalyticsService, OrderSaga, OrderView",
      "A customer placed an order.",
    ]);
    expect(catalog?.rows).toContainEqual(["OrderCompleted (`order.completed`)", "OrderSaga", "OrderView", "Every saga step succeeded."]);
  });

  it("configures every channel with a partition key, and one consumer group per consumer and participant with a retry policy and a DLQ", () => {
    const broker = section(designDoc(orderFlowTemplate()), "### 메시지 브로커 설정 (토픽/큐 구성)");
    const [topics, groups] = tables(broker);
    expect(topics?.header).toBe("| 토픽 | 메시지 | 파티션 키 |");
    expect(topics?.rows.map((row) => row[0])).toEqual([
      "`order-events`",
      "`inventory-service.commands`",
      "`payment-service.commands`",
      "`order.commands`",
      "`order-saga.replies`",
    ]);
    expect(topics?.rows[0]?.[2]).toContain("`aggregateId`");
    expect(groups?.header).toBe("| 컨슈머 그룹 | 소비자 | 구독 메시지 | 재시도 정책 | 데드 레터 큐 |");
    expect(groups?.rows.map((row) => [row[0], row[4]])).toEqual([
      ["`order`", "`order.dlq`"],
      ["`email-service`", "`email-service.dlq`"],
      ["`analytics-service`", "`analytics-service.dlq`"],
      ["`order-saga`", "`order-saga.dlq`"],
      ["`inventory-service`", "`inventory-service.dlq`"],
      ["`payment-service`", "`payment-service.dlq`"],
      ["`order-view`", "`order-view.dlq`"],
    ]);
    expect(groups?.rows[0]?.[3]).toMatch(/^최대 5회 시도, 지수 백오프/u);
    expect(broker).toContain("Outbox");
    expect(broker).toContain("데드 레터 큐");
  });

  it("lists event topics, command channels and reply channels, naming the kind of saga messages in words", () => {
    for (const [lang, command, reply] of [["en", "command", "reply"], ["ko", "커맨드", "응답"]] as const) {
      const [topics] = tables(section(designDoc(orderFlowTemplate(), { lang }), `### ${DESIGN_WORDS[lang].broker}`));
      const byChannel = new Map(topics?.rows.map((row) => [row[0], row.slice(1)]));
      expect(byChannel.get("`order-events`")?.[0]).toBe("OrderPlaced, OrderCompleted, OrderFailed, OrderShipped, OrderCancelled");
      expect(byChannel.get("`inventory-service.commands`")?.[0]).toBe(`ReserveInventory (${command}), ReleaseInventory (${command})`);
      expect(byChannel.get("`order-saga.replies`")?.[0]).toMatch(new RegExp(`^InventoryReserved \\(${reply}\\), InventoryReservationFailed \\(${reply}\\), `, "u"));
      for (const cells of byChannel.values()) expect(cells[1]).toMatch(/^`aggregateId` \(/u);
    }
    const [topics] = tables(section(designDoc(orderFlowTemplate(), { lang: "en" }), `### ${DESIGN_WORDS.en.broker}`));
    expect(topics?.rows[0]?.[2]).toBe("`aggregateId` (keeps the events of one aggregate in order)");
    expect(topics?.rows[1]?.[2]).toBe("`aggregateId` (the saga's subject: keeps the messages of one saga instance in order)");
  });

  it("prints exactly the topology's groups: name, consumer and kind, routes by channel, that group's own policy and DLQ", () => {
    for (const board of [orderFlowTemplate(), createOrderSagaTemplate(), koreanBoard(), awkwardBoard(), deliveryBoard()]) {
      for (const lang of ["en", "ko"] as const) {
        const words = DESIGN_WORDS[lang];
        const [, groups] = tables(section(designDoc(board, { lang }), `### ${words.broker}`));
        const topology = deriveTopology(board);
        expect(groups?.rows.map((row) => [row[0], row[3], row[4]])).toEqual(
          topology.groups.map((group) => [`\`${group.name}\``, retryPolicyText(group.policy, words.retry), `\`${group.dlq}\``]),
        );
      }
    }
  });

  it("gives a consumer that overrides the board's delivery its own group name and policy, the others the board's", () => {
    const broker = section(designDoc(deliveryBoard(), { lang: "en" }), "### Message Broker Configuration (Topics/Queues)");
    const [topics, groups] = tables(broker);
    expect(topics?.rows).toEqual([
      ["`things`", "Gone", "`thingId` (keeps the events with the same value in order)"],
      ["`bank-in`", "Charge (command)", "`aggregateId` (the saga's subject: keeps the messages of one saga instance in order)"],
      ["`flow-in`", "ChargeCompleted (reply), ChargeFailed (reply), CommandDeadLettered (reply)", "`aggregateId` (the saga's subject: keeps the messages of one saga instance in order)"],
    ]);
    expect(groups?.rows).toEqual([
      ["`post`", "Mailer (service)", "`things`: Gone", "Up to 2 attempts, fixed wait 50 ms, plus up to 50% jitter", "`post.dlq`"],
      ["`mailer`", "mailer (read model)", "`things`: Gone", "Up to 3 attempts, exponential backoff 200 ms → 400 ms (×2, at most 1 s), plus up to 50% jitter", "`mailer.dlq`"],
      ["`flow`", "Flow (saga)", "`things`: Gone; `flow-in`: ChargeCompleted, ChargeFailed, CommandDeadLettered", "No retry", "`flow.dlq`"],
      ["`bank`", "Bank (external system)", "`bank-in`: Charge", "Up to 3 attempts, exponential backoff 200 ms → 400 ms (×2, at most 1 s), no jitter", "`bank.dlq`"],
    ]);
    expect(broker).toContain("- **Saga messages**: a saga step's command goes to its participant's command channel");
  });

  it("leaves the saga note out when no saga sends messages", () => {
    const board = testBoard([sticky("aggregate", "a", "Thing"), sticky("event", "e", "Done")], [arrow("a", "e")]);
    expect(designDoc(board, { lang: "en" })).not.toContain("**Saga messages**");
    expect(designDoc(board)).not.toContain("**사가 메시지**");
  });

  it("says which boundaries are strongly and which eventually consistent, and why", () => {
    const [table] = tables(section(designDoc(koreanBoard()), "### 일관성 전략 (강한/최종)"));
    expect(table?.header).toBe("| 경계 | 일관성 | 이유 |");
    const byBoundary = new Map(table?.rows.map((row) => [row[0], row[1]]));
    expect(byBoundary.get("애그리거트 주문 내부 (주문하기)")).toBe("강한 일관성");
    // Saga step 2 is performed by 결제, a service marked strong; step 1 by the aggregate 재고.
    expect(byBoundary.get("사가 주문 사가 2단계 (결제: 결제 승인)")).toBe("강한 일관성");
    expect(byBoundary.get("사가 주문 사가 1단계 (재고: 재고 예약하기)")).toBeUndefined();
    expect(byBoundary.get("사가 주문 사가")).toBe("최종 일관성");
    expect(byBoundary.get("서비스 이메일 서비스: 확인 메일 발송 (주문 접수됨)")).toBe("최종 일관성");
    expect(byBoundary.get("읽기 모델 주문 현황 (주문 접수됨, 주문 완료됨)")).toBe("최종 일관성");
    // Strong boundaries come first.
    const kinds = table?.rows.map((row) => row[1]) ?? [];
    expect(kinds.lastIndexOf("강한 일관성")).toBeLessThan(kinds.indexOf("최종 일관성"));
  });

  it("lists a saga's participants in step order, its compensations in reverse, and the steps after the pivot", () => {
    const [table] = tables(section(designDoc(createOrderSagaTemplate(), { lang: "en" }), "### Consistency Strategy (Strong/Eventual)"));
    const reasons = new Map(table?.rows.map((row) => [row[0], row[2]]));
    expect(reasons.get("Saga CreateOrderSaga")).toBe(
      "Spans several participants: the steps run in order (Consumer Service → Kitchen Service → Accounting Service → Kitchen Service → Order); " +
        "if a step up to the pivot fails, the completed steps are compensated in reverse order (Reject ticket → Release consumer hold); " +
        "the steps after the pivot (Approve ticket, Approve order) are retried, never compensated.",
    );
    const [order] = tables(section(designDoc(orderFlowTemplate(), { lang: "en" }), "### Consistency Strategy (Strong/Eventual)"));
    const orderReasons = new Map(order?.rows.map((row) => [row[0], row[2]]));
    expect(orderReasons.get("Saga OrderSaga")).toBe(
      "Spans several participants: the steps run in order (InventoryService → PaymentService → Order); " +
        "if one fails, the completed steps are compensated in reverse order (Refund payment → Release inventory).",
    );
    // The aggregate handles the saga's ConfirmOrder in its own transaction, as it does its board commands.
    expect(orderReasons.has("Inside aggregate Order (PlaceOrder, ShipOrder, CancelOrder, ConfirmOrder)")).toBe(true);
    // A participant that consumes no event handles step commands: it is not said to consume events.
    expect(orderReasons.get("Service InventoryService: Reserve and release stock (ReserveInventory, ReleaseInventory)")).toMatch(
      /^Handles the saga's step commands asynchronously from its command channel/u,
    );
  });

  it("marks a step strong only when its participant is a service marked strong, and shows a step without participant as —", () => {
    const [table] = tables(section(designDoc(awkwardBoard(), { lang: "en" }), "### Consistency Strategy (Strong/Eventual)"));
    const rows = new Map(table?.rows.map((row) => [row[0] ?? "", row.slice(1)]));
    expect(rows.get("Saga Saga \\| One, step 1 (Pay \\*/: Charge \\| card)")?.[0]).toBe("Strong");
    expect(rows.get("Saga Saga \\| One, step 2 (Pay \\*/: Command)")?.[0]).toBe("Strong");
    expect([...rows.keys()].filter((boundary) => boundary.includes(", step 3"))).toEqual([]);
    expect(rows.get("Saga Saga \\| One")?.[1]).toContain("(Pay \\*/ → Pay \\*/ → —)");
    expect(rows.get("Saga Saga \\| One")?.[1]).toContain("(Undo it → Refund all)");
  });

  it("says why each empty table is empty, in both languages", () => {
    const onlyAnEvent: Board = {
      format: "stormflow.board", schemaVersion: 2, name: "Only an event",
      nodes: [{ id: "e", kind: "event", name: "ThingHappened", position: { x: 0, y: 0 }, payload: [] }],
      edges: [],
    };
    for (const lang of ["ko", "en"] as const) {
      const consistency = section(designDoc(onlyAnEvent, { lang }), lang === "ko" ? "### 일관성 전략 (강한/최종)" : "### Consistency Strategy (Strong/Eventual)");
      const [table] = tables(consistency);
      expect(table?.rows).toEqual([]);
      expect(consistency.trim().split("\n").at(-1)).toMatch(lang === "ko" ? /^_이 보드에는 아직 애그리거트/ : /^_No aggregates, sagas/);
    }
  });

  it("draws the flow diagram: trigger → producer → event [topic], then each consumer", () => {
    const flow = section(designDoc(orderFlowTemplate(), { lang: "en" }), "### Event Flow Diagram");
    expect(flow).toContain("OrderPlaced → OrderSaga → OrderCompleted [order-events]\n    └── OrderView: Update read model");
    expect(flow).toContain("    ├── OrderSaga: Start saga → OrderCompleted, OrderFailed\n");
    expect(flow.startsWith("```text\n")).toBe(true);
  });

  it.each([["a Korean-named board", koreanBoard], ["a board full of awkward names", awkwardBoard]])(
    "keeps one catalog row per event with four cells: %s",
    (_label, build) => {
      const board = build();
      for (const lang of ["en", "ko"] as const) {
        const [catalog, ...rest] = tables(designDoc(board, { lang }));
        expect(catalog?.rows).toHaveLength(analyzeBoard(board).events.length);
        for (const table of [catalog, ...rest]) {
          const width = table?.header.split(" | ").length ?? 0;
          for (const row of table?.rows ?? []) expect(row).toHaveLength(width);
        }
      }
    },
  );
});

/**
 * Delivery settings on the board and on consumers (as in lib/model's topology test): the board
 * allows 3 attempts within 1 s; one Mailer sticky names its group `post` and overrides the
 * policy; the saga never retries; the bank (a participant) has no jitter; an event keyed by its
 * own field; explicit command and reply channels.
 */
function deliveryBoard(): Board {
  return testBoard(
    [
      sticky("command", "c", "Go"),
      sticky("aggregate", "a", "Thing"),
      sticky("event", "e", "Gone", { topic: "things", partitionKey: "thingId", payload: [{ name: "thingId", type: "uuid" }] }),
      sticky("service", "s1", "Mailer", { action: "Mail", delivery: { maxAttempts: 2, initialDelayMs: 50 } }),
      sticky("service", "s2", "Mailer", { action: "Mail again", delivery: { group: "post", multiplier: 3 } }),
      sticky("readModel", "r", "mailer"),
      sticky("saga", "g", "Flow", { replyChannel: "flow-in", delivery: { maxAttempts: 1 }, steps: [sagaStep("1", "x", "Charge")] }),
      sticky("externalSystem", "x", "Bank", { commandChannel: "bank-in", delivery: { jitter: 0 } }),
    ],
    [arrow("c", "a"), arrow("a", "e"), arrow("e", "s1"), arrow("e", "s2"), arrow("e", "r"), arrow("e", "g"), arrow("g", "x")],
    { settings: { delivery: { maxAttempts: 3, maxDelayMs: 1000 } } },
  );
}

describe("designDoc: bounded contexts", () => {
  it("groups the catalog by producing context and names each event's consuming contexts, in both languages", () => {
    const nodes = [
      { ...sticky("aggregate", "agg", "Order"), position: { x: 0, y: 0 } },
      { ...sticky("event", "placed", "OrderPlaced"), position: { x: 300, y: 0 } },
      { ...sticky("service", "mail", "Mailer", { action: "Send" }), position: { x: 1100, y: 0 } },
      { ...sticky("readModel", "view", "OrderView"), position: { x: 300, y: 300 } },
      { ...sticky("event", "loose", "Pinged"), position: { x: 3000, y: 3000 } },
      { ...sticky("event", "sent", "MailSent"), position: { x: 1400, y: 0 } },
    ];
    const edges = [arrow("agg", "placed"), arrow("placed", "mail"), arrow("placed", "view"), arrow("mail", "sent")];
    const frames = [frame("f1", "Ordering", -50, -50, 700, 700, { description: "Orders | more" }), frame("f2", "Notification", 1000, -50, 700, 300), frame("f3", "Empty", 9000, 0, 100, 100)];
    const board = testBoard(nodes, edges, { frames });
    const catalog = section(designDoc(board), "### 이벤트 카탈로그");
    const lines = catalog.split("\n");
    expect(lines.filter((line) => line.startsWith("#### "))).toEqual(["#### 컨텍스트: Ordering", "#### 컨텍스트: Notification", "#### 컨텍스트 밖의 이벤트"]);
    expect(lines).toContain("Orders \\| more");
    const [ordering, notification, outside] = tables(catalog);
    expect(cells(ordering!.header)).toEqual(["이벤트", "생산자", "소비자", "소비 컨텍스트", "설명"]);
    expect(ordering!.rows[0]).toEqual(["OrderPlaced (`order.placed`)", "Order", "Mailer, OrderView", "Notification, Ordering", "—"]);
    expect(notification!.rows[0]!.slice(0, 4)).toEqual(["MailSent (`mail.sent`)", "Mailer", "—", "—"]);
    expect(outside!.rows[0]![0]).toBe("Pinged (`pinged`)");
    const en = section(designDoc(board, { lang: "en" }), "### Event Catalog").split("\n");
    expect(en.filter((line) => line.startsWith("#### "))).toEqual(["#### Context: Ordering", "#### Context: Notification", "#### Outside any context"]);
    // A board without frames keeps seed 002's one table.
    expect(section(designDoc(createOrderSagaTemplate()), "### 이벤트 카탈로그")).not.toContain("####");
  });

  it("escapes a context's name in its heading", () => {
    const board = testBoard([sticky("event", "e", "Placed")], [], { frames: [frame("f", "# <b>x</b> | y", -50, -50, 400, 400)] });
    expect(designDoc(board, { lang: "en" })).not.toContain("<b>");
    expect(designDoc(framedBoard())).toContain("#### 컨텍스트: Ordering");
  });
});
