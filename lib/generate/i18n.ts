/*
 * The words of the two Markdown documents, in English and Korean. The seeds set the vocabulary:
 * seed 000 is written in English headings (`markdown`), seed 002 in Korean (`design`); each
 * document's other language is a faithful translation of the same headings and labels, using
 * the seeds' own Korean terms (이벤트, 생산자, 소비자, 토픽, 파티션 키, 컨슈머 그룹, 재시도 정책,
 * 데드 레터 큐, 강한 일관성, 최종 일관성, 보상). Names typed on the board are never translated.
 */

import { KIND_LABELS_KO } from "../model/kinds";

/** The languages the documents are written in. */
export const LANGS = ["en", "ko"] as const;
export type Lang = (typeof LANGS)[number];

/** Type guard: is `value` one of {@link LANGS}? */
export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** Words shared by both documents: what a consumer does when the board does not say it. */
export interface ConsumerWords {
  /** Between names in a list: `, ` in both languages. */
  readonly listSeparator: string;
  /** Shown where there is nothing (no aggregate, no compensation): `—`. */
  readonly none: string;
  /** A service sticky whose action is still empty. */
  readonly handle: (events: string) => string;
  /** A policy: the commands it issues. */
  readonly issue: (commands: string) => string;
  readonly updateReadModel: string;
  readonly startSaga: string;
}

/** The `markdown` format (seed 000's "출력 형식"). */
export interface CatalogWords extends ConsumerWords {
  readonly title: string;
  readonly events: string;
  readonly eventsHeader: readonly [string, string, string];
  readonly noEvents: string;
  readonly flow: string;
  readonly sagaSteps: string;
  readonly sagaHeader: readonly [string, string, string];
  readonly noSagas: string;
  readonly noSteps: string;
}

/**
 * A retry policy in words: "Up to 5 attempts, exponential backoff 200 ms → 1.6 s (×2, at most
 * 30 s), plus up to 50% jitter" (see retryPolicyText.ts, which picks the pieces).
 */
export interface RetryWords {
  /** `maxAttempts` 1: the first failure dead-letters the message. */
  readonly noRetry: string;
  readonly attempts: (count: number) => string;
  /** Waits that grow: the first and the last (before jitter), the multiplier, the cap. */
  readonly exponential: (first: string, last: string, multiplier: number, max: string) => string;
  /** Waits that are all equal (multiplier 1, one retry, or every wait at the cap); `max` when jitter can reach the cap. */
  readonly fixed: (wait: string, max: string | null) => string;
  readonly jitter: (percent: number) => string;
  readonly noJitter: string;
  readonly milliseconds: (ms: number) => string;
}

/** The `design` format (seed 002's "출력 형식"). */
export interface DesignWords extends ConsumerWords {
  readonly title: string;
  readonly catalog: string;
  readonly catalogHeader: readonly [string, string, string, string];
  /** A board with frames: the catalog grouped by producing context, and a column of consuming contexts. */
  readonly contextHeading: (name: string) => string;
  readonly outsideContexts: string;
  readonly contextCatalogHeader: readonly [string, string, string, string, string];
  readonly noEvents: string;
  readonly flow: string;
  readonly broker: string;
  readonly topicsHeader: readonly [string, string, string];
  /** Saga messages in the topics table: `ReserveInventory (command)`. */
  readonly messageKinds: { readonly command: string; readonly reply: string };
  /** What a channel's partition key keeps in order. */
  readonly partitionKeyNote: {
    /** An event topic keyed by the default `aggregateId`. */
    readonly aggregate: string;
    /** An event topic keyed (also) by another payload field. */
    readonly field: string;
    /** A command or reply channel, keyed by the saga's subject. */
    readonly saga: string;
  };
  readonly groupsHeader: readonly [string, string, string, string, string];
  readonly noConsumers: string;
  /** Under an empty consistency table: no aggregate, saga, service, policy or read model yet. */
  readonly noBoundaries: string;
  readonly retry: RetryWords;
  readonly brokerNotes: readonly string[];
  /** The broker note on saga messages, shown when the board has command or reply channels. */
  readonly sagaNote: string;
  readonly consistency: string;
  readonly consistencyIntro: readonly string[];
  readonly consistencyHeader: readonly [string, string, string];
  readonly strong: string;
  readonly eventual: string;
  /** What a consumer group consumes for: every kind of `ConsumerKind` (lib/model/topology.ts). */
  readonly kindNames: {
    readonly service: string;
    readonly policy: string;
    readonly readModel: string;
    readonly saga: string;
    readonly aggregate: string;
    readonly externalSystem: string;
  };
  readonly boundary: {
    readonly aggregate: (name: string, commands: string) => string;
    readonly sagaStep: (saga: string, step: number, service: string, action: string) => string;
    readonly saga: (name: string) => string;
    readonly service: (name: string, action: string, events: string) => string;
    readonly policy: (name: string, events: string) => string;
    readonly readModel: (name: string, events: string) => string;
  };
  readonly reason: {
    readonly aggregate: string;
    readonly sagaStep: string;
    /** `retried`: the steps after the pivot, which are retried rather than compensated (empty when none). */
    readonly saga: (steps: string, compensations: string, retried: string) => string;
    readonly strongService: string;
    readonly service: string;
    /** A service that consumes no event but performs saga steps: it handles step commands. */
    readonly participant: string;
    readonly policy: string;
    readonly readModel: string;
  };
}

const CONSUMER_EN: ConsumerWords = {
  listSeparator: ", ",
  none: "—",
  handle: (events) => `Handle ${events}`,
  issue: (commands) => `Issue ${commands}`,
  updateReadModel: "Update read model",
  startSaga: "Start saga",
};

const CONSUMER_KO: ConsumerWords = {
  listSeparator: ", ",
  none: "—",
  handle: (events) => `${events} 처리`,
  issue: (commands) => `${commands} 발행`,
  updateReadModel: "읽기 모델 갱신",
  startSaga: "사가 시작",
};

export const CATALOG_WORDS: Readonly<Record<Lang, CatalogWords>> = {
  en: {
    ...CONSUMER_EN,
    title: "Event-Driven Architecture",
    events: "Events",
    eventsHeader: ["Event", "Aggregate", "Trigger"],
    noEvents: "_No events on this board yet._",
    flow: "Event Flow",
    sagaSteps: "Saga Steps",
    sagaHeader: ["Step", "Service", "Compensation"],
    noSagas: "_No sagas on this board._",
    noSteps: "_This saga has no steps yet._",
  },
  ko: {
    ...CONSUMER_KO,
    title: "이벤트 기반 아키텍처",
    events: "이벤트",
    eventsHeader: ["이벤트", "애그리거트", "트리거"],
    noEvents: "_이 보드에는 아직 이벤트가 없습니다._",
    flow: "이벤트 흐름",
    sagaSteps: "사가 단계",
    sagaHeader: ["단계", "서비스", "보상"],
    noSagas: "_이 보드에는 사가가 없습니다._",
    noSteps: "_이 사가에는 아직 단계가 없습니다._",
  },
};

const RETRY_EN: RetryWords = {
  noRetry: "No retry",
  attempts: (count) => `Up to ${count} attempts`,
  exponential: (first, last, multiplier, max) => `exponential backoff ${first} → ${last} (×${multiplier}, at most ${max})`,
  fixed: (wait, max) => `fixed wait ${wait}${max ? ` (at most ${max})` : ""}`,
  jitter: (percent) => `plus up to ${percent}% jitter`,
  noJitter: "no jitter",
  milliseconds: (ms) => (ms < 1000 ? `${ms} ms` : `${ms / 1000} s`),
};

const RETRY_KO: RetryWords = {
  noRetry: "재시도 없음",
  attempts: (count) => `최대 ${count}회 시도`,
  exponential: (first, last, multiplier, max) => `지수 백오프 ${first} → ${last} (×${multiplier}, 최대 ${max})`,
  fixed: (wait, max) => `고정 대기 ${wait}${max ? ` (최대 ${max})` : ""}`,
  jitter: (percent) => `최대 ${percent}% 지터 추가`,
  noJitter: "지터 없음",
  milliseconds: (ms) => (ms < 1000 ? `${ms}ms` : `${ms / 1000}초`),
};

export const DESIGN_WORDS: Readonly<Record<Lang, DesignWords>> = {
  en: {
    ...CONSUMER_EN,
    title: "Event-Driven Architecture Design",
    catalog: "Event Catalog",
    catalogHeader: ["Event", "Producer", "Consumer", "Description"],
    contextHeading: (name) => `Context: ${name}`,
    outsideContexts: "Outside any context",
    contextCatalogHeader: ["Event", "Producer", "Consumer", "Consuming contexts", "Description"],
    noEvents: "_No events on this board yet._",
    flow: "Event Flow Diagram",
    broker: "Message Broker Configuration (Topics/Queues)",
    topicsHeader: ["Topic", "Messages", "Partition key"],
    messageKinds: { command: "command", reply: "reply" },
    partitionKeyNote: {
      aggregate: "(keeps the events of one aggregate in order)",
      field: "(keeps the events with the same value in order)",
      saga: "(the saga's subject: keeps the messages of one saga instance in order)",
    },
    groupsHeader: ["Consumer group", "Consumer", "Subscribes to", "Retry policy", "Dead-letter queue"],
    noConsumers: "_No consumers on this board yet._",
    noBoundaries: "_No aggregates, sagas, services, policies or read models on this board yet._",
    retry: RETRY_EN,
    brokerNotes: [
      "**Publishing (Outbox pattern)**: events are written to the outbox in the same transaction as the aggregate's change, then relayed to the broker.",
      "**Delivery (At-Least-Once + Idempotent Consumer)**: each consumer group records the ids of the messages it has processed (`eventId`, `commandId`) and skips duplicates.",
      "**Ordering**: guaranteed between messages with the same partition key on one channel.",
      "**Failures**: a message that still fails after its last retry moves to the group's dead-letter queue with its headers, attempts and last error, to be monitored and replayed.",
      "**Correlation ID**: carried in the `correlationId` message header across the whole event chain; `causationId` names the message that caused this one.",
    ],
    sagaNote:
      "**Saga messages**: a saga step's command goes to its participant's command channel, and the participant replies on the saga's reply channel; the saga moves on at the success reply, and compensations are commands on the same channels.",
    consistency: "Consistency Strategy (Strong/Eventual)",
    consistencyIntro: [
      "**Strong consistency**: inside one aggregate, and in saga steps performed by a service marked strong.",
      "**Eventual consistency**: between aggregates, and wherever a message crosses the broker (services, policies, read models, sagas and their participants).",
    ],
    consistencyHeader: ["Boundary", "Consistency", "Reason"],
    strong: "Strong",
    eventual: "Eventual",
    kindNames: { service: "service", policy: "policy", readModel: "read model", saga: "saga", aggregate: "aggregate", externalSystem: "external system" },
    boundary: {
      aggregate: (name, commands) => `Inside aggregate ${name}${commands ? ` (${commands})` : ""}`,
      sagaStep: (saga, step, service, action) => `Saga ${saga}, step ${step} (${service}: ${action})`,
      saga: (name) => `Saga ${name}`,
      service: (name, action, events) => `Service ${name}: ${action}${events ? ` (${events})` : ""}`,
      policy: (name, events) => `Policy ${name}${events ? ` (${events})` : ""}`,
      readModel: (name, events) => `Read model ${name}${events ? ` (${events})` : ""}`,
    },
    reason: {
      aggregate:
        "A command is handled and its events are appended in one transaction, checked against the stream's expected version (optimistic concurrency); the outbox rows are written in the same transaction.",
      sagaStep:
        "Performed by a service marked strong: the step's change commits in one local transaction before the saga moves on.",
      saga: (steps, compensations, retried) =>
        `Spans several participants: the steps run in order${steps ? ` (${steps})` : ""}; ` +
        (retried
          ? `if a step up to the pivot fails, the completed steps are compensated in reverse order${compensations ? ` (${compensations})` : ""}; the steps after the pivot (${retried}) are retried, never compensated.`
          : `if one fails, the completed steps are compensated in reverse order${compensations ? ` (${compensations})` : ""}.`),
      strongService:
        "Marked strong: its change commits in one local ACID transaction together with its processed-message record, all or nothing and never twice; whoever needs the result waits for that commit instead of reading it eventually.",
      service:
        "Consumes the event asynchronously through the broker: at-least-once delivery to an idempotent consumer, retries, then the dead-letter queue.",
      participant:
        "Handles the saga's step commands asynchronously from its command channel: at-least-once delivery to an idempotent consumer, retries, then the dead-letter queue; it replies on the saga's reply channel.",
      policy:
        "Reacts to the event and issues its command asynchronously: the next aggregate changes in its own transaction.",
      readModel:
        "The projection is updated after the event is published: reads may briefly lag behind the write model.",
    },
  },
  ko: {
    ...CONSUMER_KO,
    title: "이벤트 기반 아키텍처 설계",
    catalog: "이벤트 카탈로그",
    catalogHeader: ["이벤트", "생산자", "소비자", "설명"],
    contextHeading: (name) => `컨텍스트: ${name}`,
    outsideContexts: "컨텍스트 밖의 이벤트",
    contextCatalogHeader: ["이벤트", "생산자", "소비자", "소비 컨텍스트", "설명"],
    noEvents: "_이 보드에는 아직 이벤트가 없습니다._",
    flow: "이벤트 흐름도",
    broker: "메시지 브로커 설정 (토픽/큐 구성)",
    topicsHeader: ["토픽", "메시지", "파티션 키"],
    messageKinds: { command: "커맨드", reply: "응답" },
    partitionKeyNote: {
      aggregate: "(같은 애그리거트의 이벤트 순서 보장)",
      field: "(같은 값의 이벤트 순서 보장)",
      saga: "(사가의 대상: 같은 사가 인스턴스의 메시지 순서 보장)",
    },
    groupsHeader: ["컨슈머 그룹", "소비자", "구독 메시지", "재시도 정책", "데드 레터 큐"],
    noConsumers: "_이 보드에는 아직 소비자가 없습니다._",
    noBoundaries: "_이 보드에는 아직 애그리거트, 사가, 서비스, 정책, 읽기 모델이 없습니다._",
    retry: RETRY_KO,
    brokerNotes: [
      "**발행 (Outbox 패턴)**: 이벤트를 애그리거트 변경과 같은 트랜잭션으로 Outbox에 저장한 뒤 브로커로 발행합니다.",
      "**전달 보장 (At-Least-Once + 멱등성 보장 Consumer)**: 컨슈머 그룹마다 처리한 메시지의 id(`eventId`, `commandId`)를 기록하고 중복은 건너뜁니다.",
      "**순서 보장**: 한 채널에서 파티션 키가 같은 메시지끼리 순서가 보장됩니다.",
      "**실패 처리**: 마지막 재시도까지 실패한 메시지는 헤더, 시도 횟수, 마지막 오류와 함께 그룹의 데드 레터 큐로 격리하고, 모니터링 후 재처리합니다.",
      "**Correlation ID**: 메시지 헤더 `correlationId`로 이벤트 체인 전체에 전파하고, `causationId`에는 이 메시지를 일으킨 메시지를 기록합니다.",
    ],
    sagaNote:
      "**사가 메시지**: 사가 단계의 커맨드는 참여자의 커맨드 채널로 보내고, 참여자는 사가의 응답 채널로 응답합니다. 사가는 성공 응답을 받으면 다음 단계로 넘어가고, 보상도 같은 채널을 거치는 커맨드입니다.",
    consistency: "일관성 전략 (강한/최종)",
    consistencyIntro: [
      "**강한 일관성**: 하나의 애그리거트 내부, 그리고 강한 일관성으로 지정된 서비스가 수행하는 사가 단계.",
      "**최종 일관성**: 애그리거트 사이, 그리고 메시지가 브로커를 거치는 모든 곳(서비스, 정책, 읽기 모델, 사가와 그 참여자).",
    ],
    consistencyHeader: ["경계", "일관성", "이유"],
    strong: "강한 일관성",
    eventual: "최종 일관성",
    // The same table as the Korean UI's kind labels.
    kindNames: {
      service: KIND_LABELS_KO.service,
      policy: KIND_LABELS_KO.policy,
      readModel: KIND_LABELS_KO.readModel,
      saga: KIND_LABELS_KO.saga,
      aggregate: KIND_LABELS_KO.aggregate,
      externalSystem: KIND_LABELS_KO.externalSystem,
    },
    boundary: {
      aggregate: (name, commands) => `애그리거트 ${name} 내부${commands ? ` (${commands})` : ""}`,
      sagaStep: (saga, step, service, action) => `사가 ${saga} ${step}단계 (${service}: ${action})`,
      saga: (name) => `사가 ${name}`,
      service: (name, action, events) => `서비스 ${name}: ${action}${events ? ` (${events})` : ""}`,
      policy: (name, events) => `정책 ${name}${events ? ` (${events})` : ""}`,
      readModel: (name, events) => `읽기 모델 ${name}${events ? ` (${events})` : ""}`,
    },
    reason: {
      aggregate:
        "커맨드 처리와 이벤트 저장이 하나의 트랜잭션에서 이루어지고, 스트림의 기대 버전으로 검사합니다(낙관적 동시성). Outbox 기록도 같은 트랜잭션에 포함됩니다.",
      sagaStep:
        "강한 일관성으로 지정된 서비스가 수행하는 단계: 사가가 다음 단계로 넘어가기 전에 이 단계의 변경을 하나의 로컬 트랜잭션으로 확정합니다.",
      saga: (steps, compensations, retried) =>
        `여러 참여자에 걸친 흐름: 단계를 순서대로 실행하고${steps ? `(${steps})` : ""}, ` +
        (retried
          ? `피벗까지의 단계가 실패하면 완료된 단계를 역순으로 보상하며${compensations ? `(${compensations})` : ""}, 피벗 이후의 단계(${retried})는 보상하지 않고 재시도합니다.`
          : `한 단계가 실패하면 완료된 단계를 역순으로 보상합니다${compensations ? `(${compensations})` : ""}.`),
      strongService:
        "강한 일관성으로 지정됨: 서비스의 변경을 처리 완료 기록과 함께 하나의 로컬 ACID 트랜잭션으로 확정하므로 전부 반영되거나 전혀 반영되지 않고, 중복 반영도 없습니다. 결과가 필요한 쪽은 최종 일관성에 기대지 않고 이 확정을 기다립니다.",
      service:
        "브로커를 통해 비동기로 이벤트를 소비합니다: 최소 한 번 전달(At-Least-Once) + 멱등 소비자, 재시도 후 데드 레터 큐.",
      participant:
        "사가 단계의 커맨드를 자신의 커맨드 채널에서 비동기로 처리합니다: 최소 한 번 전달(At-Least-Once) + 멱등 소비자, 재시도 후 데드 레터 큐. 결과는 사가의 응답 채널로 응답합니다.",
      policy: "이벤트에 반응해 커맨드를 비동기로 발행합니다: 다음 애그리거트는 자신의 트랜잭션에서 변경됩니다.",
      readModel: "이벤트가 발행된 뒤 프로젝션이 갱신됩니다: 조회 결과가 잠시 쓰기 모델보다 늦을 수 있습니다.",
    },
  },
};
