import type { IssueCode } from "@/lib/model/issueCodes";

/**
 * A short Korean summary of each validation problem, shown before its Korean sentence
 * (issueMessages.ko.ts) in the Korean UI's Problems tab: a heading to scan a long list by. Typed
 * by the catalogue's codes, so a new code does not compile without its summary.
 */
export const PROBLEM_SUMMARIES_KO: Readonly<Record<IssueCode, string>> = {
  "edge-grammar": "허용되지 않는 연결",
  "edge-dangling": "끝이 없는 연결",
  "event-tense": "이벤트 이름은 과거형으로",
  "command-imperative": "커맨드 이름은 요청형으로",
  "event-no-producer": "이벤트에 생산자가 없음",
  "consumer-no-input": "입력이 없는 소비자",
  "saga-empty": "단계가 없는 사가",
  "saga-step-no-compensation": "보상이 없는 보상 가능 단계",
  "saga-step-no-participant": "참여자가 없는 사가 단계",
  "saga-step-participant-missing": "사가 단계의 참여자가 잘못됨",
  "saga-step-order": "사가 단계의 순서가 잘못됨",
  "saga-step-after-pivot": "피벗 뒤의 보상 가능 단계",
  "saga-compensation-ignored": "쓰이지 않는 보상",
  "saga-participant-not-connected": "사가와 참여자가 연결되지 않음",
  "saga-edge-no-step": "단계가 없는 사가 연결",
  "saga-message-name": "같은 이름의 다른 메시지",
  "saga-message-payload": "같은 이름, 다른 페이로드",
  "consumer-group-taken": "컨슈머 그룹 이름 중복",
  "name-reserved": "예약된 이름",
  "consumer-group-is-dlq": "데드 레터 큐와 겹치는 컨슈머 그룹",
  "delivery-override-ignored": "쓰이지 않는 전달 설정",
  "consumer-group-renamed": "컨슈머 그룹 이름이 바뀜",
  "channel-name-taken": "채널 이름 중복",
  "partition-key-unknown": "알 수 없는 파티션 키",
  "duplicate-saga-step-id": "사가 단계 id 중복",
  "payload-mismatch": "같은 이름, 다른 페이로드",
  "field-name-invalid": "잘못된 필드 이름",
  "field-shape": "필드 구성이 맞지 않음",
  "command-no-handler": "처리하는 곳이 없는 커맨드",
  "policy-no-command": "커맨드를 발행하지 않는 정책",
  "event-type-collision": "이벤트 타입 충돌",
};
