import { describe, expect, it } from "vitest";
import { analyzeBoard } from "../model/analyze";
import type { Board } from "../model/schema";
import { orderFlowTemplate } from "../model/template";
import { designDoc } from "./designDoc";
import { awkwardBoard, koreanBoard } from "./testBoards";
import { section, tables } from "./testMarkdown";

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
      "EmailService, InventoryService, AnalyticsService, OrderView",
      "A customer placed an order.",
    ]);
    expect(catalog?.rows).toContainEqual(["OrderCompleted (`order.completed`)", "OrderSaga", "OrderView", "Every saga step succeeded."]);
  });

  it("configures topics with a partition key, and one consumer group per consumer with a retry policy and a DLQ", () => {
    const broker = section(designDoc(orderFlowTemplate()), "### 메시지 브로커 설정 (토픽/큐 구성)");
    const [topics, groups] = tables(broker);
    expect(topics?.header).toBe("| 토픽 | 이벤트 | 파티션 키 |");
    expect(topics?.rows.map((row) => row[0])).toEqual(["`order-events`"]);
    expect(topics?.rows[0]?.[2]).toContain("`aggregateId`");
    expect(groups?.header).toBe("| 컨슈머 그룹 | 소비자 | 구독 이벤트 | 재시도 정책 | 데드 레터 큐 |");
    expect(groups?.rows.map((row) => [row[0], row[4]])).toEqual([
      ["`email-service`", "`email-service.dlq`"],
      ["`inventory-service`", "`inventory-service.dlq`"],
      ["`analytics-service`", "`analytics-service.dlq`"],
      ["`order-view`", "`order-view.dlq`"],
    ]);
    expect(groups?.rows[0]?.[3]).toMatch(/^최대 5회 시도, 지수 백오프/u);
    expect(broker).toContain("Outbox");
    expect(broker).toContain("데드 레터 큐");
  });

  it("says which boundaries are strongly and which eventually consistent, and why", () => {
    const [table] = tables(section(designDoc(koreanBoard()), "### 일관성 전략 (강한/최종)"));
    expect(table?.header).toBe("| 경계 | 일관성 | 이유 |");
    const byBoundary = new Map(table?.rows.map((row) => [row[0], row[1]]));
    expect(byBoundary.get("애그리거트 주문 내부 (주문하기)")).toBe("강한 일관성");
    // Saga step 2 is performed by 결제, a service marked strong.
    expect(byBoundary.get("사가 주문 사가 2단계 (결제: 결제 승인)")).toBe("강한 일관성");
    expect(byBoundary.get("사가 주문 사가 1단계 (재고: 재고 예약)")).toBeUndefined();
    expect(byBoundary.get("사가 주문 사가")).toBe("최종 일관성");
    expect(byBoundary.get("서비스 이메일 서비스: 확인 메일 발송 (주문 접수됨)")).toBe("최종 일관성");
    expect(byBoundary.get("읽기 모델 주문 현황 (주문 접수됨, 주문 완료됨)")).toBe("최종 일관성");
    // Strong boundaries come first.
    const kinds = table?.rows.map((row) => row[1]) ?? [];
    expect(kinds.lastIndexOf("강한 일관성")).toBeLessThan(kinds.indexOf("최종 일관성"));
  });

  it("says why each empty table is empty, in both languages", () => {
    const onlyAnEvent: Board = {
      format: "stormflow.board", schemaVersion: 1, name: "Only an event",
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
    expect(flow).toContain("PlaceOrder → OrderSaga → OrderCompleted [order-events]\n    └── OrderView: Update read model");
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
