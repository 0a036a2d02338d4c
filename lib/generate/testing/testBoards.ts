import { arrow, frame, sticky, testBoard } from "../../model/testing/testBoards";
import { createOrderSagaTemplate } from "../../model/template";
import type { Board, Field, SagaStep, StepMessage } from "../../model/schema";

/*
 * Boards for the generator tests besides the templates: one named in Korean, one full of
 * names that break naive generators, and one drawn in bounded contexts. Not part of the public API.
 */

/**
 * The Create Order saga template with its bounded contexts drawn as frames: Ordering in two
 * frames (the saga's side, and the Order aggregate and view beside the participants), Consumer,
 * Kitchen and Accounting around their services, and a note outside every frame.
 */
export function framedBoard(): Board {
  const board = createOrderSagaTemplate();
  // The participants' column spread out, so that each frame's title has room above it.
  const moved: Record<string, number> = { "svc-consumer": 30, "svc-kitchen": 170, "svc-accounting": 310, "agg-order-approve": 450, "rm-order-view": 580 };
  return {
    ...board,
    name: "Create Order saga by context",
    nodes: board.nodes.map((node) => (moved[node.id] === undefined ? node : { ...node, position: { x: node.position.x, y: moved[node.id]! } })),
    frames: [
      frame("frame-ordering", "Ordering", -30, 80, 1190, 530, { description: "Orders and their lifecycle" }),
      frame("frame-consumer", "Consumer", 1200, 10, 300, 110, { color: "#ebfbee" }),
      frame("frame-kitchen", "Kitchen", 1200, 150, 300, 110, { color: "#fff9db" }),
      frame("frame-accounting", "Accounting", 1200, 290, 300, 110, { color: "#fff0f6" }),
      frame("frame-ordering-views", "ordering", 1200, 430, 300, 330),
    ],
    notes: [{ id: "note-kitchen", text: "Does the kitchen confirm by phone?\nAsk the restaurant owners.", position: { x: 0, y: 640 } }],
  };
}

/** A step message of `name` with `payload`. */
function message(name: string, payload: Field[] = []): StepMessage {
  return { name, payload };
}

/**
 * An order flow named in Korean, with a policy and two topics, and a saga whose three steps are
 * performed by an aggregate (with a command of the board as its action), a service marked
 * strong and an external system.
 */
export function koreanBoard(): Board {
  const orderNumber: Field = { name: "주문번호", type: "uuid" };
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
          {
            id: "1",
            type: "compensable",
            participant: "g-stock",
            // The board's command 재고 예약하기: the same contract, emitted once.
            action: message("재고 예약하기", [orderNumber]),
            replies: { success: message("재고 확보됨", [orderNumber]), failure: message("재고 부족함", [orderNumber]) },
            compensation: { ...message("예약 취소하기", [orderNumber]), reply: message("예약 취소됨", [orderNumber]) },
          },
          {
            id: "2",
            type: "compensable",
            participant: "s-pay",
            action: message("결제 승인", [orderNumber, { name: "금액", type: "number" }]),
            replies: { success: message("결제 승인됨", [orderNumber]), failure: message("결제 거절됨", [orderNumber]) },
            compensation: { ...message("환불", [orderNumber]), reply: message("환불됨", [orderNumber]) },
          },
          {
            id: "3",
            type: "pivot",
            participant: "x-ship",
            action: message("배송 요청", [orderNumber]),
            replies: { success: message("배송 접수됨", [orderNumber]) },
            timeoutMs: 30_000,
          },
        ],
      }),
      sticky("service", "s-pay", "결제", { action: "결제 승인", consistency: "strong" }),
      sticky("externalSystem", "x-ship", "배송사"),
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
      arrow("z-order", "g-stock"),
      arrow("z-order", "s-pay"),
      arrow("z-order", "x-ship"),
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
 * union `OrderEvent` meets the event `Order`), awkward field names and topics, an edge outside
 * the grammar and a hotspot; two sagas, one empty and one whose steps have awkward messages: a
 * reply named like the event `class` and one named `Domain`, the board's command `Command` as
 * an action, a step without a participant, and awkward command and reply channels.
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
      sticky("service", "s3", "Pay */", { action: "Charge", consistency: "strong", commandChannel: "pay {in}" }),
      sticky("policy", "p1", "When | Then"),
      sticky("readModel", "r1", 'View "1"', { fields: payload }),
      sticky("saga", "z1", "Saga | One", { replyChannel: "yes", steps: awkwardSteps(payload) }),
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
      arrow("z1", "s3"),
      arrow("e8", "c1"), // outside the grammar: ignored by every generator
      arrow("h1", "z1"),
    ],
    { name: 'Awkward "board" */ | `x`', description: NASTY_TEXT },
  );
}

/** The steps of the awkward board's saga (see {@link awkwardBoard}). */
function awkwardSteps(payload: Field[]): SagaStep[] {
  return [
    {
      id: "1 */",
      type: "compensable",
      participant: "s3",
      action: { ...message("Charge | card", payload), description: NASTY_TEXT },
      replies: { success: message("class", [{ name: "id", type: "uuid" }]), failure: message("Declined */ `x`") },
      compensation: { ...message("Refund\nall"), reply: message("Domain") },
    },
    {
      id: "2",
      type: "compensable",
      participant: "s3",
      action: message("Command", payload),
      replies: { success: message('Quote " Done') },
      compensation: { ...message("Undo | it"), reply: message("Undone | it") },
    },
    { id: "3", type: "pivot", action: message("Ship"), replies: { success: message("Shipped") } },
  ];
}
