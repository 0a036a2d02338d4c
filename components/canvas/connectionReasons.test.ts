import { describe, expect, it } from "vitest";
import { EDGE_RULES, REFUSAL_REASONS, checkConnection, checkNewEdge } from "@/lib/model/grammar";
import { NODE_KINDS } from "@/lib/model/kinds";
import { EDGE_MEANINGS_KO, REFUSAL_REASONS_KO, edgeMeaningKo, refusalReasonKo } from "./connectionReasons.ko";
import { kindCheckText, refusalText } from "./connectionText";

const HANGUL = /[\uAC00-\uD7A3]/u;
const PAIRS = NODE_KINDS.flatMap((source) => NODE_KINDS.map((target) => [source, target] as const));

describe("the edge grammar in Korean", () => {
  it("has the English tables' rows: a meaning per allowed edge, a written reason per written English reason", () => {
    expect(Object.keys(EDGE_MEANINGS_KO).sort()).toEqual(EDGE_RULES.map((rule) => `${rule.source}->${rule.target}`).sort());
    expect(Object.keys(REFUSAL_REASONS_KO).sort()).toEqual(Object.keys(REFUSAL_REASONS).sort());
  });

  it("gives every refused pair of kinds a Korean reason, and every allowed one a Korean meaning", () => {
    const refused = PAIRS.filter(([source, target]) => !checkConnection(source, target).ok);
    expect(refused.length).toBe(64);
    for (const [source, target] of refused) {
      const reason = refusalReasonKo(source, target);
      expect(reason, `${source}->${target}`).toMatch(HANGUL);
      expect(reason, `${source}->${target}`).toMatch(/\.$/u);
      expect(reason, `${source}->${target}`).not.toMatch(/[A-Za-z]/u);
    }
    for (const [source, target] of PAIRS.filter(([s, t]) => checkConnection(s, t).ok)) {
      expect(edgeMeaningKo(source, target), `${source}->${target}`).toMatch(HANGUL);
    }
  });

  it("words the reasons the table implies: backwards, one sticky short, unrelated", () => {
    expect(refusalReasonKo("event", "aggregate")).toBe(REFUSAL_REASONS_KO["event->aggregate"]);
    expect(refusalReasonKo("readModel", "event")).toBe("이 연결은 방향이 반대입니다: 이벤트가 읽기 모델에 투영된다. 도메인 이벤트에서 읽기 모델로 그리세요.");
    expect(refusalReasonKo("actor", "saga")).toBe("액터는 사가에 직접 연결되지 않습니다: 둘 사이에 커맨드를 추가하세요 (액터 → 커맨드 → 사가).");
    // The same finding as the English "A policy cannot connect to another policy: a policy connects only to a command, …".
    expect(checkConnection("policy", "policy")).toMatchObject({ reason: expect.stringContaining("a policy connects only to a command, and a policy only receives edges from an event") });
    expect(refusalReasonKo("policy", "policy")).toBe("정책은 다른 정책에 연결할 수 없습니다: 정책은 커맨드에만 연결되고, 정책은 도메인 이벤트에서 오는 연결만 받습니다.");
  });

  it("says the canvas's refusals in the UI's language, English unchanged", () => {
    const board = {
      nodes: [
        { id: "e", kind: "event" as const, name: "OrderPlaced" },
        { id: "c", kind: "command" as const, name: "PlaceOrder" },
        { id: "a", kind: "aggregate" as const, name: "Order" },
      ],
      edges: [{ id: "x", source: "c", target: "a" }],
    };
    const cases = [
      ["e", "c", "이벤트는 커맨드를 발행할 수 없습니다: 둘 사이에 정책을 추가하세요 (이벤트 → 정책 → 커맨드)."],
      ["e", "e", "스티커를 자기 자신에 연결할 수 없습니다."],
      ["e", "gone", "연결의 양 끝은 이 보드의 스티커여야 합니다."],
      ["c", "a", "PlaceOrder은(는) 이미 Order에 연결되어 있습니다."],
    ] as const;
    for (const [source, target, korean] of cases) {
      const check = checkNewEdge(board, source, target);
      if (check.ok) throw new Error(`${source}->${target} was allowed`);
      expect(refusalText("en", check, board, source, target)).toBe(check.reason);
      expect(refusalText("ko", check, board, source, target)).toBe(korean);
    }
    expect(kindCheckText("en", checkConnection("event", "command"), "event", "command")).toBe(REFUSAL_REASONS["event->command"]);
    expect(kindCheckText("ko", checkConnection("event", "policy"), "event", "policy")).toBe("이벤트가 정책을 작동시킨다");
    expect(kindCheckText("ko", checkConnection("event", "hotspot"), "event", "hotspot")).toBe("주석: 핫스팟이 스티커에 의견을 단다");
  });
});
