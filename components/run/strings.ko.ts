import type { Dictionary } from "@/lib/i18n/dictionary";
import { KIND_LABELS_KO } from "@/lib/model/kinds";
import type { runStrings } from "./strings";

/** The run panels in Korean, with the seeds' terms (컨슈머 그룹, 재시도, 데드 레터 큐, 보상). */
export const runStringsKo = {
  loading: "불러오는 중…",
  refresh: "새로 고침",
  retry: "다시 시도",
  autoRefresh: "실행 중에는 자동으로 새로 고침",
  loadFailed: "불러오지 못했습니다.",
  streamsLoadFailed: "스트림을 불러오지 못했습니다.",
  eventsLoadFailed: "스트림의 이벤트를 불러오지 못했습니다.",
  readModelsLoadFailed: "읽기 모델을 불러오지 못했습니다.",
  dlqLoadFailed: "데드 레터를 불러오지 못했습니다.",
  historyLoadFailed: "실행 기록을 불러오지 못했습니다.",
  noRun: "아직 실행이 없습니다: 시작 커맨드를 고르고 시작을 누르세요.",
  noRunHere: "화면에 실행이 없습니다: 실행 탭에서 시작하거나 실행 기록에서 여세요.",
  status: {
    running: "실행 중",
    completed: "완료",
    failed: "실패",
    stopped: "중지됨",
    error: "오류",
  },
  live: "실시간",
  offline: "다시 연결하는 중…",
  json: "JSON",
  none: "없음",
  copy: "복사",
  dismiss: "닫기",

  badge: {
    text: (c) =>
      [
        c.sagas ? [`${c.sagas.completed} ✓`, c.sagas.compensated > 0 ? `${c.sagas.compensated} ↺` : "", c.sagas.failed > 0 ? `${c.sagas.failed} ✗` : ""].filter(Boolean).join(" ") : String(c.handled),
        c.failed > 0 ? `실패 ${c.failed}` : "",
        c.retried > 0 ? `재시도 ${c.retried}` : "",
        c.deadLettered > 0 ? `DLQ ${c.deadLettered}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    title: (c) =>
      [
        `수신 ${c.received}, 처리 ${c.handled}`,
        c.failed > 0 ? `실패한 시도 ${c.failed}` : "",
        c.retried > 0 ? `재시도 ${c.retried}` : "",
        c.deadLettered > 0 ? `데드 레터 ${c.deadLettered}` : "",
        c.sagas ? `사가: 완료 ${c.sagas.completed}, 보상 ${c.sagas.compensated}, 실패 ${c.sagas.failed}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    stepTitle: (c) =>
      [`완료 ${c.completed}`, c.failed > 0 ? `실패 ${c.failed}` : "", c.compensated > 0 ? `보상 ${c.compensated}` : "", c.compensationFailed > 0 ? `보상 실패 ${c.compensationFailed}` : ""]
        .filter(Boolean)
        .join(", "),
  },

  edgeTitle: (messages) => `서로 다른 메시지 ${messages}개가 이 화살표를 지났습니다`,

  formLabel: "실행 설정",
  command: "시작 커맨드",
  commandEntryGroup: "시작 커맨드",
  commandOtherGroup: "다른 커맨드 (시작 지점 아님)",
  commandNone: "이 보드에는 실행할 커맨드가 없습니다",
  broker: "브로커",
  brokerHint: "실행의 메시지가 오가는 곳: 프로세스 내 브로커, 또는 이 서버에 설정된 실제 브로커 (STORMFLOW_BROKERS). 실제 브로커에는 sf-<실행 id> 아래에 실행의 스트림이나 큐가 생기고, 실행이 끝나면 지워집니다.",
  brokerInProcess: "프로세스 내",
  keepTopology: "실행의 브로커 토폴로지 남기기",
  keepTopologyHint: "실행이 끝나도 스트림, 큐, 컨슈머가 브로커에 남습니다 (이름 sf-<실행 id>). 살펴본 뒤 직접 지우세요.",
  brokerOption: (kind, id) => `${brokerName(kind)} · ${id}`,
  commandHint: "액터가 (또는 아무도 없이) 발행하고 애그리거트, 사가, 외부 시스템이 처리하는 커맨드.",
  count: "횟수",
  countHint: (max) => `발행할 시작 커맨드 수, 1–${max}`,
  concurrency: "동시 실행",
  concurrencyHint: (max) => `동시에 처리 중인 시작 커맨드 수, 1–${max}. 그동안 시작된 사가는 계속 진행합니다 (끝나지 않은 사가는 최대 64 × 이 값)`,
  seed: "시드",
  seedPlaceholder: "무작위",
  seedHint: "시드, 보드, 장애가 같으면 결과 수도 같습니다",
  duplicateRate: "중복 비율",
  duplicateRateHint: "전달이 중복될 확률 0–1",
  timeScale: "시간 배율",
  timeScaleHint: "설계의 대기 시간(백오프, 지연)에 곱하는 값: 1은 실제 시간, 0.01은 100배 빠르게, 0은 대기 없음. 타임아웃은 설계 시간으로 판단합니다.",
  faults: "장애",
  faultsNone: "장애 없음: 모든 단계가 성공합니다.",
  addFault: "장애 추가",
  removeFault: (n) => `장애 ${n} 제거`,
  faultTarget: (n) => `장애 ${n} 대상`,
  faultMode: (n) => `장애 ${n} 방식`,
  faultValue: (n) => `장애 ${n} 값`,
  faultTargetPick: "대상 선택…",
  faultTargetLabel: ({ value, detail: d }) => {
    if (d.kind !== "name") return `${value} — ${d.step}단계${d.kind === "compensation" ? " 보상" : ""}: ${d.participant ?? "참여자 없음"} ← ${d.command}`;
    const roles = d.roles.map((r) =>
      r.kind === "participant" ? `${KIND_LABELS_KO[r.of]}, ${r.steps.join(", ")}의 참여자` : r.kind === "service" ? "이벤트를 소비하는 서비스" : r.kind === "aggregate" ? "커맨드를 처리하는 애그리거트" : KIND_LABELS_KO[r.kind],
    );
    return `${d.name} — ${roles.join("; ")}`;
  },
  faultTargetNone: "대상으로 삼을 사가 단계, 참여자, 소비자, 애그리거트가 없습니다",
  faultGroup: {
    step: "사가 단계 (그 단계만)",
    compensation: "보상",
    name: "이름으로 (그 이름의 모든 것)",
  },
  faultModes: {
    fail: "항상 실패",
    transient: "일시 실패",
    rate: "확률 실패",
    latency: "지연",
  },
  faultModeHelp: "항상 실패: 모든 시도가 실패 (사가 단계의 참여자는 그 단계의 실패 응답으로 거절하고, 실패 응답이 없는 단계는 재시도 후 데드 레터 큐로) · 일시 실패: 메시지마다 처음 N번의 시도가 실패 · 확률 실패: 시도마다 확률 P로 실패 · 지연: 시도마다 MS만큼 대기",
  faultValueUnit: { fail: "", transient: "N", rate: "P", latency: "ms" },
  sagaStepOf: (saga, step) => `${saga} #${step}`,
  start: "시작",
  starting: "시작하는 중…",
  saving: "보드를 저장하는 중…",
  notSaved: "보드를 저장하지 못했고, 실행은 저장된 보드를 씁니다: 저장 문제를 해결한 뒤 (상단 바 참고) 다시 시작하세요.",
  stop: "중지",
  stopping: "중지하는 중…",
  stopFailed: "실행을 중지하지 못했습니다.",
  startFailed: "실행을 시작하지 못했습니다.",
  boardHasErrors: (n) => `보드에 오류가 ${n}개 있습니다: 실행하려면 문제 탭에서 고치세요.`,
  boardErrorsTitle: "보드를 실행할 수 없습니다",
  noEntryCommand: "이 보드를 실행하려면 시작 커맨드(액터가 발행하고 애그리거트가 처리하는 커맨드)를 추가하세요.",
  boardStale: "이 탭이 보드를 불러온 뒤 다른 곳에서 보드가 저장되었습니다: 상대 것을 불러오거나 내 것으로 덮어쓴 뒤 (캔버스 위 배너) 다시 시작하세요.",
  runningAlready: "실행이 진행 중입니다: 중지하거나 끝날 때까지 기다리세요.",

  progressLabel: "실행 진행",
  instances: (done, total) => `인스턴스 ${done} / ${total} 완료`,
  instancesUnknown: (done) => `인스턴스 ${done}개 완료`,
  runOf: (command, count) => `${command} × ${count}`,
  runId: "실행",
  counters: {
    sagasStarted: "시작",
    sagasCompleted: "완료",
    sagasCompensated: "보상",
    sagasFailed: "실패",
    appended: "저장",
    published: "발행",
    delivered: "전달",
    retried: "재시도",
    deadLettered: "데드 레터",
    duplicatesSkipped: "건너뛴 중복",
    concurrencyConflicts: "동시성 충돌",
    commandsRejected: "거절된 커맨드",
    spans: "스팬",
  },
  groupSagas: "사가",
  groupEvents: "이벤트",
  groupDelivery: "전달",
  summary: "요약",
  invariants: "불변식",
  invariantOk: "통과",
  invariantFailed: "실패",
  // Said from the figures when it holds; a failure's examples (stream ids, rows) stay as the simulator wrote them.
  invariantDetail: ({ detail, facts: f }) => {
    if (!f) return detail;
    const kinds = (m: { events: number; commands: number; replies: number; notices: number }) =>
      [`도메인 이벤트 ${m.events}개`, ...(m.commands ? [`사가 단계 커맨드 ${m.commands}개`] : []), ...(m.replies ? [`응답 ${m.replies}개`] : []), ...(m.notices ? [`데드 레터 알림 ${m.notices}개`] : [])].join(", ");
    switch (f.name) {
      case "saga-atomicity":
        return f.started === 0
          ? "실행된 사가 없음"
          : `사가 ${f.started}개: 완료 ${f.completed}, 보상 ${f.compensated}, 수동 개입이 필요한 실패 ${f.failed} (보상 ${f.compensations}건, 사가마다 완료된 보상 가능 단계를 역순으로 되돌림)`;
      case "outbox-drained":
        return `Outbox를 거친 메시지 ${f.messages.events + f.messages.commands + f.messages.replies + f.messages.notices}개 (${kinds(f.messages)}), 모두 발행됨`;
      case "idempotency":
        return `중복 전달 ${f.duplicatesSkipped}건 건너뜀; 소비자 효과 ${f.effects}건과 읽기 모델 행 ${f.rows}개가 각각 한 번만 적용됨`;
      case "projection-rebuild":
        return `읽기 모델 ${f.models}개의 행 ${f.rows}개가 이벤트 저장소에서 재구성한 결과와 같음`;
      case "stream-versions":
        return `스트림 ${f.streams}개 (${kinds(f.messages)}, 사가 기록 ${f.sagaRecords}개): 버전이 빠짐없이 고유하며 각 스트림의 버전과 같음`;
    }
  },
  invariantNames: {
    "saga-atomicity": "사가 원자성",
    "outbox-drained": "Outbox 비움",
    idempotency: "멱등성",
    "projection-rebuild": "프로젝션 재구성",
    "stream-versions": "스트림 버전",
  },
  allInvariantsHold: "모든 불변식이 지켜집니다.",
  someInvariantsFail: (n) => `불변식 ${n}개가 실패했습니다.`,
  duration: "소요 시간",
  seedUsed: "시드",
  ranOn: (kind, url, resources) => `${brokerName(kind)} (${url}, 리소스 ${resources}개)에서 실행`,
  runError: "실행이 오류로 끝났습니다",

  timelineLabel: "스팬 타임라인",
  timelineEmpty: "아직 스팬이 없습니다: 실행이 진행되면 여기에 나타납니다.",
  correlations: (n) => `상관관계 ${n}개`,
  spans: (n) => `스팬 ${n}개`,
  errorsOnly: "오류만",
  expandAll: "모두 펼치기",
  collapseAll: "모두 접기",
  expandGroup: "펼치기",
  collapseGroup: "접기",
  groupErrors: (n) => `오류 ${n}개`,
  groupCompensations: (n) => `${n} ↺`,
  noMatching: "오류가 있는 상관관계가 없습니다.",
  spanKinds: {
    command: "커맨드",
    append: "저장",
    publish: "발행",
    deliver: "전달",
    handle: "처리",
    retry: "재시도",
    "dead-letter": "데드 레터",
    projection: "프로젝션",
    "saga-step": "사가 단계",
    compensation: "보상",
  },
  details: "스팬 상세",
  detailsEmpty: "스팬을 클릭하면 메시지와 인과 관계 사슬이 보이고, 캔버스에 그 경로가 강조됩니다.",
  closeDetails: "상세 닫기",
  spanStatus: { ok: "정상", error: "오류" },
  fieldName: "이름",
  fieldKind: "종류",
  fieldStatus: "상태",
  fieldStarted: "시작",
  fieldEnded: "종료",
  fieldDuration: "소요 시간",
  fieldSpanId: "스팬",
  fieldCorrelation: "상관관계",
  fieldCausation: "원인",
  fieldAttempts: "시도",
  fieldMessageId: "메시지",
  fieldEventType: "이벤트 타입",
  attributes: "속성",
  message: "메시지",
  messageNone: "이 스팬에는 메시지가 없습니다.",
  messageLoading: "메시지를 불러오는 중…",
  messageCommand: (command) => `커맨드 ${command}에서 비롯됨: 커맨드는 이벤트로 저장되지 않으므로 보여 줄 저장된 메시지가 없습니다 (id는 위에 있습니다).`,
  messageNotFound: "스트림에서 메시지를 찾지 못했습니다.",
  messageFromDlq: "데드 레터 큐에서",
  messageFromStream: (stream, version, position) => `스트림 ${stream}, 버전 ${version}, 위치 ${position}`,
  payload: "페이로드",
  headers: "헤더",
  causalChain: "인과 관계 사슬",
  causalChainHint: "시작 커맨드부터 이 스팬까지",
  parentMissing: "부모 스팬이 아직 도착하지 않았습니다.",

  streamsLabel: "스트림",
  streamsEmpty: "이 실행에는 아직 스트림이 없습니다.",
  streamsFilter: "불러온 스트림 거르기",
  noMatchLoaded: (more) => (more ? "불러온 것 중에 맞는 것이 없습니다: 더 찾으려면 더 불러오기를 누르세요." : "필터에 맞는 것이 없습니다."),
  streamCount: (n, more = false) => (more ? `${n}개 불러옴` : `스트림 ${n}개`),
  shownOf: (n, more) => (more ? `${n}개 표시 · 저장소에 더 있음` : `${n}개 모두 표시`),
  loadMore: "더 불러오기",
  streamId: "스트림",
  streamType: "타입",
  streamVersion: "버전",
  eventsOf: (stream) => `${stream}의 이벤트`,
  eventsPick: "스트림을 고르면 이벤트가 보입니다.",
  eventsEmpty: "이 스트림에는 이벤트가 없습니다.",
  eventVersion: "버전",
  eventPosition: "위치",
  eventType: "타입",
  eventTime: "시각",
  eventData: "데이터",
  eventMetadata: "메타데이터",
  showJson: "데이터와 메타데이터 보기",
  hideJson: "숨기기",

  readModelsEmpty: "아직 읽기 모델 행이 없습니다: 이벤트가 전달되면 프로젝션이 채웁니다.",
  readModelRows: (n) => `${n}행`,
  rowId: "행",
  eventCount: "이벤트",
  readModelPick: "읽기 모델",
  rowsFilter: "불러온 행 거르기",

  dlqEmpty: "데드 레터 없음: 모든 메시지가 처리되었습니다.",
  dlqCount: (n) => `데드 레터 ${n}개`,
  dlqGroup: "컨슈머 그룹",
  dlqMessage: "메시지",
  dlqEventType: "이벤트 타입",
  dlqAttempts: "시도",
  dlqError: "마지막 오류",
  dlqTime: "격리 시각",
  dlqReplayStatus: "재처리",
  dlqNotReplayed: "재처리 안 함",
  dlqReplayedOk: "재처리됨 ✓",
  dlqReplayedError: "다시 실패",
  replay: "재처리",
  replayLabel: (messageId) => `메시지 ${messageId} 재처리`,
  replayOk: (group) => `${group}: 전달됨`,
  replayError: (group, error) => `${group}: 다시 실패 (${error})`,
  replayFailed: "재처리하지 못했습니다.",

  historyLabel: "실행 기록",
  historyEmpty: "아직 이 보드의 실행이 없습니다.",
  historyOpen: (when, warning) => (warning ? `${when} 실행 열기 (${warning})` : `${when} 실행 열기`),
  historyNoFaults: "장애 없음",
  historyBroker: (kind) => (kind === "nats" ? "NATS" : brokerName(kind)),
  historyBrokerTitle: (kind, url) => `${brokerName(kind)} (${url})에서 실행`,
  historyOnScreen: "화면에 표시 중",
  historySagas: (completed, compensated, failed) => (failed === null ? `완료 ${completed} · 보상 ${compensated}` : `완료 ${completed} · 보상 ${compensated} · 실패 ${failed}`),
  historySagasFailed: (n) => `사가 ${n.toLocaleString("en")}개 실패`,
} satisfies Dictionary<typeof runStrings>;

/** A broker kind as people call it (the same names in both languages). */
function brokerName(kind: string): string {
  return kind === "nats" ? "NATS JetStream" : kind === "rabbitmq" ? "RabbitMQ" : kind;
}
