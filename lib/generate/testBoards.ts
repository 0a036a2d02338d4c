import { arrow, sticky, testBoard } from "../model/testBoards";
import type { Board, Field } from "../model/schema";

/*
 * Boards for the generator tests besides the Order template: one named in Korean and one full of
 * names that break naive generators. Not part of the public API.
 */

/** An order flow named in Korean, with a policy, a strong saga step and two topics. */
export function koreanBoard(): Board {
  const items: Field = {
    name: "상품목록",
    type: "array",
    items: { type: "object", fields: [{ name: "상품코드", type: "string" }, { name: "수량", type: "integer" }] },
  };
  return testBoard(
    [
      sticky("actor", "a-customer", "고객"),
      sticky("command", "c-order", "주문하기", { payload: [{ name: "고객번호", type: "uuid" }, items] }),
      sticky("aggregate", "g-order", "주문"),
      sticky("event", "e-placed", "주문 접수됨", {
        description: "고객이 주문을 접수했습니다.",
        payload: [{ name: "주문번호", type: "uuid" }, items, { name: "접수시각", type: "datetime" }],
        topic: "주문-이벤트",
      }),
      sticky("service", "s-mail", "이메일 서비스", { action: "확인 메일 발송" }),
      sticky("readModel", "r-status", "주문 현황", { fields: [{ name: "상태", type: "string" }] }),
      sticky("policy", "p-reserve", "재고 예약 정책"),
      sticky("command", "c-reserve", "재고 예약하기", { payload: [{ name: "주문번호", type: "uuid" }] }),
      sticky("aggregate", "g-stock", "재고"),
      sticky("event", "e-reserved", "재고 예약됨", { payload: [{ name: "주문번호", type: "uuid" }], topic: "재고-이벤트" }),
      sticky("saga", "z-order", "주문 사가", {
        steps: [
          { id: "1", service: "재고", action: "재고 예약", compensation: "예약 취소" },
          { id: "2", service: "결제", action: "결제 승인", compensation: "환불" },
          { id: "3", service: "배송", action: "배송 요청", compensation: null },
        ],
      }),
      sticky("service", "s-pay", "결제", { action: "결제 승인", consistency: "strong" }),
      sticky("event", "e-done", "주문 완료됨", { payload: [{ name: "주문번호", type: "uuid" }] }),
    ],
    [
      arrow("a-customer", "c-order"),
      arrow("c-order", "g-order"),
      arrow("g-order", "e-placed"),
      arrow("e-placed", "s-mail"),
      arrow("e-placed", "r-status"),
      arrow("e-placed", "p-reserve"),
      arrow("p-reserve", "c-reserve"),
      arrow("c-reserve", "g-stock"),
      arrow("g-stock", "e-reserved"),
      arrow("e-reserved", "z-order"),
      arrow("e-reserved", "s-pay"),
      arrow("z-order", "e-done"),
      arrow("e-done", "r-status"),
    ],
    { name: "주문 흐름", description: "한국어 이름의 보드" },
  );
}

/** Text that breaks tables, comments, string literals, YAML and Mermaid labels. */
export const NASTY_TEXT = 'a | b `c` */ "d" \\e <script>alert(1)</script> &amp; #1; \n second line';

/**
 * Names that break naive generators: reserved words, leading digits, `*\/`, `|`, quotes,
 * backslashes, newlines, emoji, names that collide after sanitising (`Order Placed` and
 * `order-placed`; an event `Domain` against the fixed `DomainEvent`; an aggregate `Order` whose
 * union `OrderEvent` meets the event `Order`), awkward field names and topics, two sagas, an
 * edge outside the grammar and a hotspot.
 */
export function awkwardBoard(): Board {
  const payload: Field[] = [
    { name: "class", type: "string" },
    { name: "2x", type: "integer" },
    { name: "a-b", type: "boolean", required: false },
    { name: 'quote"d', type: "string", description: NASTY_TEXT },
    { name: "__proto__", type: "object", fields: [{ name: "constructor", type: "string" }] },
    { name: "dup", type: "string" },
    { name: "dup", type: "number" },
    { name: "list", type: "array" },
    { name: "any", type: "object" },
    { name: "when", type: "datetime" },
  ];
  const names = [
    "class",
    "2fa Enabled",
    "Order */ Placed",
    "Pipe | Event",
    'Quote " Event',
    "Back\\slash",
    "Line\nBreak Happened",
    "🚀 Launched",
    "Order Placed",
    "order-placed",
    "Domain",
    "Order",
    "end",
    "`code` Happened",
    "yes",
  ];
  const events = names.map((name, i) =>
    sticky("event", `e${i}`, name, {
      payload: i === 0 ? payload : [{ name: "id", type: "uuid" }],
      description: i % 3 === 0 ? NASTY_TEXT : undefined,
      topic: ["orders-{region}", "my topic", 'quo"te', "yes", "a/b#c"][i % 5],
      version: (i % 3) + 1,
    }),
  );
  return testBoard(
    [
      sticky("actor", "u1", "User | <b>admin</b>"),
      sticky("command", "c1", "Command", { payload }),
      sticky("command", "c2", "2 Do */ It", { description: NASTY_TEXT }),
      sticky("aggregate", "g1", "Order"),
      sticky("aggregate", "g2", "class"),
      ...events,
      sticky("service", "s1", "Mail | Service", { action: "Send `mail` | now\nplease" }),
      sticky("service", "s2", "Empty Action", { action: "" }),
      sticky("service", "s3", "Pay */", { action: "Charge", consistency: "strong" }),
      sticky("policy", "p1", "When | Then"),
      sticky("readModel", "r1", 'View "1"', { fields: payload }),
      sticky("saga", "z1", "Saga | One", {
        steps: [
          { id: "1", service: "Pay */", action: "Charge | card", compensation: "Refund\nall" },
          { id: "2", service: "Ship", action: "Ship", compensation: null },
        ],
      }),
      sticky("saga", "z2", "Saga ## Two #", { steps: [] }),
      sticky("hotspot", "h1", "Why | ?"),
    ],
    [
      arrow("u1", "c1"),
      arrow("c1", "g1"),
      arrow("c2", "g2"),
      ...events.slice(0, 8).map((event) => arrow("g1", event.id)),
      ...events.slice(8).map((event) => arrow("g2", event.id)),
      arrow("e0", "s1"),
      arrow("e1", "s1"),
      arrow("e2", "s2"),
      arrow("e3", "p1"),
      arrow("p1", "c2"),
      arrow("e4", "r1"),
      arrow("e5", "z1"),
      arrow("e6", "s3"),
      arrow("c1", "z2"),
      arrow("z1", "e7"),
      arrow("e8", "c1"), // outside the grammar: ignored by every generator
      arrow("h1", "z1"),
    ],
    { name: 'Awkward "board" */ | `x`', description: NASTY_TEXT },
  );
}
