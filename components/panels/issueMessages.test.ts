import { describe, expect, it } from "vitest";
import { ISSUE_CATALOGUE, ISSUE_CODES, type IssueCode } from "@/lib/model/issueCodes";
import { arrow, sagaStep, sticky, testBoard } from "@/lib/model/testing/testBoards";
import { validateBoard, type Issue } from "@/lib/model/validate";
import type { BoardNode, Edge } from "@/lib/model/schema";
import { issueMessage } from "./issueMessages";
import { ISSUE_MESSAGES_KO } from "./issueMessages.ko";

function issuesFor(nodes: BoardNode[], edges: Edge[] = []): Issue[] {
  return validateBoard(testBoard(nodes, edges));
}

function first(issues: Issue[], code: IssueCode): Issue {
  const issue = issues.find((i) => i.code === code);
  if (!issue) throw new Error(`no ${code} in ${issues.map((i) => i.code).join(", ")}`);
  return issue;
}

const HANGUL = /[\uAC00-\uD7A3]/u;

/** A board that breaks many rules at once: every issue it reports is translated below. */
function messyBoard(): Issue[] {
  return issuesFor(
    [
      sticky("event", "e", "PlaceOrder"),
      sticky("command", "c", "OrderPlaced"),
      sticky("readModel", "r", "OrderView"),
      sticky("policy", "p", "Notify"),
      sticky("saga", "g", "Checkout", {
        steps: [sagaStep("1", "r", "Reserve"), { ...sagaStep("2", "nowhere", "Pay", { type: "compensable" }) }],
      }),
      sticky("service", "w", "Worker"),
    ],
    [arrow("e", "c", "bad"), arrow("r", "r", "loop")],
  );
}

describe("Korean problem sentences", () => {
  it("has a Korean builder for every code of the catalogue, and nothing else", () => {
    expect(Object.keys(ISSUE_MESSAGES_KO).sort()).toEqual(Object.keys(ISSUE_CATALOGUE).sort());
    for (const code of ISSUE_CODES) expect(typeof ISSUE_MESSAGES_KO[code], code).toBe("function");
  });

  it("carries the catalogue's parameters without showing them to the API: message, JSON and equality as before", () => {
    const issue = first(messyBoard(), "event-no-producer");
    expect(issue.params).toEqual({ name: "PlaceOrder" });
    expect(Object.keys(issue)).toEqual(["code", "severity", "message", "path", "nodeId"]);
    expect(JSON.parse(JSON.stringify(issue))).not.toHaveProperty("params");
  });

  it("says in Korean every problem of a messy board, keeping the names as typed", () => {
    const issues = messyBoard();
    expect(issues.length).toBeGreaterThan(5);
    for (const issue of issues) {
      const ko = issueMessage("ko", issue);
      expect(ko, issue.code).toMatch(HANGUL);
      expect(ko, issue.code).not.toBe(issue.message);
      // Every quoted name of the English is in the Korean too, quoted the same way.
      for (const quoted of issue.message.match(/"[^"]*"/gu) ?? []) {
        if (!/^"[A-Za-z0-9_.$]+"$/u.test(quoted) || ["\"OrderPlaced\"", "\"PlaceOrder\"", "\"orderId\""].includes(quoted)) continue;
        expect(ko, issue.code).toContain(quoted);
      }
    }
  });

  it("words a handful of codes exactly", () => {
    const issues = messyBoard();
    const ko = (code: IssueCode) => issueMessage("ko", first(issues, code));
    expect(ko("edge-grammar")).toBe(
      '"PlaceOrder" → "OrderPlaced" 연결은 허용되지 않습니다. 이벤트는 커맨드를 발행할 수 없습니다: 둘 사이에 정책을 추가하세요 (이벤트 → 정책 → 커맨드).',
    );
    expect(issueMessage("ko", issues.find((i) => i.edgeId === "loop")!)).toBe(
      '"OrderView" → "OrderView" 연결은 허용되지 않습니다. 스티커를 자기 자신에 연결할 수 없습니다.',
    );
    expect(ko("event-no-producer")).toBe(
      '이벤트 "PlaceOrder"에 생산자가 없습니다: 이 이벤트를 발행하는 애그리거트, 서비스, 사가 또는 외부 시스템을 연결하세요.',
    );
    expect(ko("event-tense")).toBe('이벤트 "PlaceOrder"의 이름이 일어난 일로 읽히지 않습니다: 이벤트 이름은 과거형으로 지으세요 (예: "OrderPlaced").');
    expect(ko("policy-no-command")).toBe('정책 "Notify"이(가) 발행하는 커맨드가 없습니다: 발행할 커맨드에 연결하세요.');
    expect(ko("saga-step-participant-missing")).toBe(
      '사가 "Checkout"의 1단계가 참여자로 지정한 "OrderView"은(는) 읽기 모델입니다: 서비스, 애그리거트, 외부 시스템만 단계를 처리할 수 있습니다.',
    );
    expect(ko("saga-step-no-compensation")).toBe(
      '사가 "Checkout"의 2단계("Pay")는 보상 가능 단계인데 보상이 없습니다: 이 단계를 되돌리는 커맨드를 지정하거나, 피벗 또는 재시도 단계로 바꾸세요.',
    );
  });

  it("words the kinds by id, not by the English label: a read model projects, a policy reacts", () => {
    const issues = issuesFor([sticky("readModel", "r", "주문목록"), sticky("policy", "p", "알림")]);
    expect(issues.map((i) => i.message)).toEqual([
      'Read model "주문목록" receives no event: connect the event it projects.',
      'Policy "알림" receives no event: connect the event it reacts to.',
      'Policy "알림" issues no command: connect it to the command it issues.',
    ]);
    expect(issues.map((i) => issueMessage("ko", i))).toEqual([
      '읽기 모델 "주문목록"에 들어오는 이벤트가 없습니다: 투영할 이벤트를 연결하세요.',
      '정책 "알림"에 들어오는 이벤트가 없습니다: 반응할 이벤트를 연결하세요.',
      // A Hangul name takes the one particle that fits it.
      '정책 "알림"이 발행하는 커맨드가 없습니다: 발행할 커맨드에 연결하세요.',
    ]);
  });

  it("words saga message clashes and channels from facts, in English as before and in Korean", () => {
    const orderId = [{ name: "orderId", type: "uuid" as const }];
    const issues = issuesFor(
      [
        sticky("service", "w", "Worker"),
        sticky("saga", "g", "S", {
          steps: [
            sagaStep("1", "w", "Reserve", { payload: orderId }),
            { ...sagaStep("2", "w", "Reserve", { type: "retriable" }), replies: { success: { name: "Reserved", payload: [] } } },
          ],
        }),
        sticky("saga", "h", "T", { steps: [{ ...sagaStep("1", "w", "Hold"), replies: { success: { name: "Reserve", payload: [] } } }], replyChannel: "worker.commands" }),
      ],
      [arrow("g", "w"), arrow("h", "w")],
    );
    const payload = first(issues, "saga-message-payload");
    expect(payload.message).toBe('"Reserve" has a different payload than in step 1 of saga "S": one name is one contract, so their payloads must match.');
    expect(issueMessage("ko", payload)).toBe('"Reserve"의 페이로드가 사가 "S"의 1단계의 페이로드와 다릅니다: 한 이름은 하나의 계약이므로 페이로드가 같아야 합니다.');
    const name = first(issues, "saga-message-name");
    expect(name.message).toBe('"Reserve" is both a step command (step 1 of saga "S") and a step reply (step 1 of saga "T"): one name is one thing on a board, so rename one of them.');
    expect(issueMessage("ko", name)).toBe(
      '"Reserve"은(는) 단계 커맨드(사가 "S"의 1단계)이자 단계 응답(사가 "T"의 1단계)입니다: 보드에서 한 이름은 한 가지를 뜻하므로 둘 중 하나의 이름을 바꾸세요.',
    );
    const channel = first(issues, "channel-name-taken");
    expect(channel.message).toBe('Channel "worker.commands" is both the command channel of "Worker" and the reply channel of saga "T": give each its own channel.');
    expect(issueMessage("ko", channel)).toBe('채널 "worker.commands"은(는) "Worker"의 커맨드 채널이자 사가 "T"의 응답 채널입니다: 각각 별도의 채널을 주세요.');
  });

  it("keeps the English sentence in English, and an issue without parameters in English", () => {
    const issue = first(messyBoard(), "event-no-producer");
    expect(issueMessage("en", issue)).toBe(issue.message);
    const bare: Issue = { code: issue.code, severity: issue.severity, message: issue.message, path: issue.path };
    expect(issueMessage("ko", bare)).toBe(issue.message);
  });
});
