import { jsonQuoteName, quoteName as q, type ChannelUse, type IssueParams, type MessageUse, type PayloadOrigin } from "@/lib/model/issueCodes";
import type { ISSUE_CATALOGUE } from "@/lib/model/issueCodes";
import { KIND_LABELS_KO } from "@/lib/model/kinds";
import { josa } from "@/components/i18n/josa";
import { SELF_REFUSAL_KO, refusalReasonKo } from "@/components/canvas/connectionReasons.ko";

/*
 * Every validation problem's sentence in Korean, built from the same parameters as the English
 * catalogue (lib/model/issueCodes.ts). A mapped type over that catalogue: a new code, or a code
 * whose parameters change, does not compile until its Korean is written. Names the user typed are
 * quoted as the English quotes them (`q`, and JSON quotes inside phrases) and never translated.
 */

export type IssueMessagesKo = { readonly [C in keyof typeof ISSUE_CATALOGUE]: (params: IssueParams<C>) => string };

/** `사가 "Checkout"의 2단계`: the English `step 2 of saga "Checkout"`. */
function stepOf(saga: string, step: number): string {
  return `사가 ${jsonQuoteName(saga.trim())}의 ${step}단계`;
}

function useText(use: MessageUse): string {
  if (!("saga" in use)) return use.use === "event" ? "보드의 이벤트" : "보드의 커맨드";
  return `${use.use === "step-command" ? "단계 커맨드" : "단계 응답"}(${stepOf(use.saga, use.step)})`;
}

function originText(origin: PayloadOrigin): string {
  return origin.on === "board" ? `보드의 커맨드 스티커 ${jsonQuoteName(origin.sticky.trim())}` : stepOf(origin.saga, origin.step);
}

function channelText(channel: ChannelUse): string {
  if (channel.kind === "events") return "이벤트 토픽";
  return channel.kind === "commands" ? `${jsonQuoteName(channel.owner)}의 커맨드 채널` : `사가 ${jsonQuoteName(channel.owner)}의 응답 채널`;
}

export const ISSUE_MESSAGES_KO: IssueMessagesKo = {
  "edge-grammar": (p) =>
    `${q(p.source)} → ${q(p.target)} 연결은 허용되지 않습니다. ${p.sameSticky ? SELF_REFUSAL_KO : refusalReasonKo(p.sourceKind, p.targetKind)}`,
  "edge-dangling": (p) => `연결의 ${p.end === "source" ? "시작점" : "끝점"}이 없습니다: id가 ${q(p.nodeId)}인 스티커가 없습니다.`,
  "event-tense": (p) => `이벤트 ${q(p.name)}의 이름이 일어난 일로 읽히지 않습니다: 이벤트 이름은 과거형으로 지으세요 (예: "OrderPlaced").`,
  "command-imperative": (p) => `커맨드 ${q(p.name)}의 이름이 이벤트처럼 읽힙니다: 커맨드 이름은 동사로 시작하는 요청형으로 지으세요 (예: "PlaceOrder").`,
  "event-no-producer": (p) =>
    `이벤트 ${q(p.name)}에 생산자가 없습니다: 이 이벤트를 발행하는 애그리거트, 서비스, 사가 또는 외부 시스템을 연결하세요.`,
  "consumer-no-input": (p) =>
    p.kind === "saga"
      ? `사가 ${josa(q(p.name), "을/를")} 시작하는 것이 없습니다: 사가를 시작하는 커맨드나 이벤트를 연결하세요.`
      : `${KIND_LABELS_KO[p.kind]} ${q(p.name)}에 들어오는 이벤트가 없습니다: ${p.kind === "readModel" ? "투영할" : "반응할"} 이벤트를 연결하세요.`,
  "saga-empty": (p) => `사가 ${q(p.name)}에 단계가 없습니다: 실행할 단계를 순서대로 나열하세요.`,
  "saga-step-no-compensation": (p) =>
    `사가 ${q(p.saga)}의 ${p.step}단계(${q(p.action)})는 보상 가능 단계인데 보상이 없습니다: 이 단계를 되돌리는 커맨드를 지정하거나, 피벗 또는 재시도 단계로 바꾸세요.`,
  "saga-step-no-participant": (p) =>
    `사가 ${q(p.saga)}의 ${p.step}단계(${q(p.action)})에 참여자가 없습니다: 이 단계를 처리할 서비스, 애그리거트 또는 외부 시스템을 고르세요.`,
  "saga-step-participant-missing": (p) =>
    p.kind === null
      ? `사가 ${q(p.saga)}의 ${p.step}단계가 참여자로 지정한 ${q(p.participant)}에 해당하는 id의 스티커가 없습니다: 이 단계를 처리할 서비스, 애그리거트 또는 외부 시스템을 고르세요.`
      : `사가 ${q(p.saga)}의 ${p.step}단계가 참여자로 지정한 ${josa(q(p.participant), "은/는")} ${KIND_LABELS_KO[p.kind]}입니다: 서비스, 애그리거트, 외부 시스템만 단계를 처리할 수 있습니다.`,
  "saga-step-order": (p) =>
    p.problem === "second-pivot"
      ? `사가 ${q(p.saga)}의 ${p.step}단계는 두 번째 피벗입니다 (첫 번째는 ${p.other}단계): 사가에서 진행 여부를 가르는 단계는 하나뿐입니다.`
      : `사가 ${q(p.saga)}의 ${p.step}단계는 재시도 단계인데 ${p.problem === "retriable-before-pivot" ? "피벗" : "보상 가능 단계"}인 ${p.other}단계보다 앞에 있습니다: 재시도 단계는 보상되지 않으므로 피벗과 모든 보상 가능 단계 뒤에 와야 합니다.`,
  "saga-step-after-pivot": (p) =>
    `사가 ${q(p.saga)}의 ${p.step}단계는 보상 가능 단계인데 피벗(${p.pivot}단계) 뒤에 있습니다: 피벗이 성공하면 사가는 되돌아가지 않아야 합니다. ${p.step}단계가 실패해도 사가는 그 앞의 보상 가능 단계들을 보상합니다.`,
  "saga-compensation-ignored": (p) =>
    `사가 ${q(p.saga)}의 ${p.step}단계는 ${p.type === "pivot" ? "피벗" : "재시도 단계"}이므로 보상 ${josa(q(p.compensation), "은/는")} 보내지지 않습니다: 보상 가능 단계만 보상됩니다.`,
  "saga-participant-not-connected": (p) =>
    `사가 ${josa(q(p.saga), "이/가")} ${josa(q(p.participant), "을/를")} 조율하지만(${p.step}단계) 이를 보여 주는 연결이 없습니다: 사가에서 ${q(p.participant)}에 이르는 연결을 그리세요.`,
  "saga-edge-no-step": (p) =>
    `사가 ${q(p.saga)}에서 ${q(p.participant)}에 이르는 연결은 사가가 이를 조율한다는 뜻이지만, 사가의 어느 단계도 ${josa(q(p.participant), "을/를")} 참여자로 두지 않습니다.`,
  "saga-message-name": (p) =>
    `${josa(q(p.name), "은/는")} ${useText(p.first)}이자 ${useText(p.second)}입니다: 보드에서 한 이름은 한 가지를 뜻하므로 둘 중 하나의 이름을 바꾸세요.`,
  "saga-message-payload": (p) =>
    `${q(p.name)}의 페이로드가 ${originText(p.other)}의 페이로드와 다릅니다: 한 이름은 하나의 계약이므로 페이로드가 같아야 합니다.`,
  "consumer-group-taken": (p) =>
    `컨슈머 그룹 ${josa(q(p.group), "이/가")} ${josa(q(p.first), "과/와")} ${q(p.second)} 모두에 설정되어 있습니다: 소비자마다 자기 그룹이 필요합니다.`,
  "name-reserved": (p) =>
    `${josa(q(p.name), "은/는")} 참여자가 단계 커맨드를 포기할 때 사가에 보내는 알림의 이름입니다: 다른 이름을 고르세요.`,
  "consumer-group-is-dlq": (p) =>
    `${q(p.consumer)}의 컨슈머 그룹 ${josa(q(p.group), "이/가")} 그룹 ${josa(q(p.other), "과/와")} 충돌합니다: 한쪽이 다른 쪽의 데드 레터 큐(\`<group>.dlq\`) 이름과 같습니다. 다른 이름을 고르세요.`,
  "delivery-override-ignored": (p) =>
    `${josa(q(p.sticky), "은/는")} ${p.key} 값을 ${p.value}(으)로 정하지만, 컨슈머 그룹 ${josa(q(p.group), "은/는")} 같은 이름의 앞선 스티커와 함께 쓰이므로 그쪽의 ${p.key} 값(${p.used})이 쓰입니다: 한 스티커에만 정하거나 둘 다 같게 정하세요.`,
  "consumer-group-renamed": (p) =>
    `${q(p.consumer)}의 컨슈머 그룹은 ${josa(q(p.wanted), "이/가")} 아니라 ${q(p.group)}입니다: ${josa(q(p.holder), "이/가")} 그 이름(또는 그 데드 레터 큐)을 쓰고 있습니다. 이름을 정하려면 전달 설정에서 그룹 이름을 지정하세요.`,
  "channel-name-taken": (p) =>
    `채널 ${josa(q(p.channel), "은/는")} ${channelText(p.first)}이자 ${channelText(p.second)}입니다: 각각 별도의 채널을 주세요.`,
  "partition-key-unknown": (p) =>
    p.problem === "unknown"
      ? `이벤트 ${q(p.name)}의 파티션 키 ${josa(q(p.key), "은/는")} 최상위 페이로드 필드가 아닙니다: 메시지는 대신 애그리거트 id를 키로 씁니다.`
      : `이벤트 ${q(p.name)}의 파티션 키 ${josa(q(p.key), "은/는")} 문자열, 숫자, 날짜, id가 아닌 필드입니다: 메시지는 대신 애그리거트 id를 키로 씁니다.`,
  "duplicate-saga-step-id": (p) => `사가 ${q(p.saga)}에 id가 ${q(p.id)}인 단계가 둘 이상 있습니다: 단계 id는 사가 안에서 고유해야 합니다.`,
  "payload-mismatch": (p) => {
    const kind = p.kind === "Event" ? "이벤트" : "커맨드";
    return `${kind} ${josa(q(p.name), "이/가")} 스티커 ${josa(q(p.firstNodeId), "과/와")} 다른 페이로드로 다시 나옵니다: 이름이 같은 스티커는 하나의 ${kind}이므로 페이로드가 같아야 합니다.`;
  },
  "field-name-invalid": (p) =>
    p.duplicate
      ? `필드 ${josa(q(p.name), "이/가")} 두 번 나옵니다: 한 목록 안에서 필드 이름은 고유해야 합니다.`
      : `필드 이름 ${josa(q(p.name), "은/는")} 올바른 식별자가 아닙니다: 문자, 숫자, "_", "$"를 쓰고 숫자로 시작하지 마세요 (예: "orderId").`,
  "field-shape": (p) =>
    p.problem === "no-items"
      ? `배열 필드 ${josa(q(p.name), "이/가")} 무엇을 담는지 정하지 않았습니다: "items"를 지정하세요.`
      : `필드 ${q(p.name)}의 타입이 ${p.type}이므로 "${p.problem}" ${p.problem === "fields" ? "(객체 전용)" : "(배열 전용)"}은 무시됩니다.`,
  "command-no-handler": (p) =>
    `커맨드 ${josa(q(p.name), "을/를")} 처리하는 곳이 없습니다: 이 커맨드를 처리하는 애그리거트, 외부 시스템 또는 사가에 연결하세요.`,
  "policy-no-command": (p) => `정책 ${josa(q(p.name), "이/가")} 발행하는 커맨드가 없습니다: 발행할 커맨드에 연결하세요.`,
  "event-type-collision": (p) =>
    `이벤트 ${josa(q(p.other), "과/와")} ${q(p.name)}의 이벤트 타입이 모두 ${q(p.eventType)}입니다: 둘 중 하나의 이름을 바꾸세요.`,
};
