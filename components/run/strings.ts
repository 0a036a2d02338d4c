import type { FaultMode, FaultTargetDetail, FaultTargetKind, InvariantName, InvariantResult, NodeCounts, RunStatus, SpanKind, StepCounts } from "@/lib/contracts/runs";
import type { Dictionary } from "@/lib/i18n/dictionary";

/**
 * Every user-facing string of the run panels, in one place so that a Korean UI can follow.
 * Functions take the values they interpolate, so word order can change per language.
 */
export const runStrings = {
  // ---- shared ------------------------------------------------------------------------------
  loading: "Loading…",
  refresh: "Refresh",
  retry: "Retry",
  autoRefresh: "Auto-refresh while the run goes",
  loadFailed: "This could not be loaded.",
  streamsLoadFailed: "The streams could not be loaded.",
  eventsLoadFailed: "The stream's events could not be loaded.",
  readModelsLoadFailed: "The read models could not be loaded.",
  dlqLoadFailed: "The dead letters could not be loaded.",
  historyLoadFailed: "The run history could not be loaded.",
  noRun: "No run yet: pick an entry command and press Start.",
  noRunHere: "No run on screen: start one in the Run tab, or open one from the run history.",
  status: {
    running: "Running",
    completed: "Completed",
    failed: "Failed",
    stopped: "Stopped",
    error: "Error",
  } satisfies Record<RunStatus, string>,
  live: "Live",
  offline: "Reconnecting…",
  json: "JSON",
  none: "none",
  copy: "Copy",
  dismiss: "Dismiss",

  // ---- Canvas badges during a run -----------------------------------------------------------------
  badge: {
    /** The badge's text: handled, then what went wrong; a saga's outcomes instead of a bare count. */
    text: (c: NodeCounts) =>
      [
        c.sagas ? [`${c.sagas.completed} ✓`, c.sagas.compensated > 0 ? `${c.sagas.compensated} ↺` : "", c.sagas.failed > 0 ? `${c.sagas.failed} ✗` : ""].filter(Boolean).join(" ") : String(c.handled),
        c.failed > 0 ? `${c.failed} failed` : "",
        c.retried > 0 ? `${c.retried} retried` : "",
        c.deadLettered > 0 ? `${c.deadLettered} DLQ` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    title: (c: NodeCounts) =>
      [
        `${c.received} received, ${c.handled} handled`,
        c.failed > 0 ? `${c.failed} failed attempts` : "",
        c.retried > 0 ? `${c.retried} retries` : "",
        c.deadLettered > 0 ? `${c.deadLettered} dead-lettered` : "",
        c.sagas ? `sagas: ${c.sagas.completed} completed, ${c.sagas.compensated} compensated, ${c.sagas.failed} failed` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    stepTitle: (c: StepCounts) =>
      [`${c.completed} completed`, c.failed > 0 ? `${c.failed} failed` : "", c.compensated > 0 ? `${c.compensated} compensated` : "", c.compensationFailed > 0 ? `${c.compensationFailed} failed to compensate` : ""]
        .filter(Boolean)
        .join(", "),
  },

  edgeTitle: (messages: number) => `${messages} distinct ${messages === 1 ? "message" : "messages"} crossed this arrow`,

  // ---- Run panel: form ------------------------------------------------------------------------
  formLabel: "Run settings",
  command: "Entry command",
  commandEntryGroup: "Entry commands",
  commandOtherGroup: "Other commands (not entry points)",
  commandNone: "This board has no command to run",
  broker: "Broker",
  brokerHint: "Where the run's messages travel: the in-process broker, or a real one this server is configured with (STORMFLOW_BROKERS). A real broker gets the run's streams or queues under sf-<run id>, removed when the run ends.",
  brokerInProcess: "In process",
  keepTopology: "Keep the run's broker topology",
  keepTopologyHint: "Its streams, queues and consumers stay on the broker when the run ends (named sf-<run id>), for inspection; remove them yourself.",
  brokerOption: (kind: string, id: string) => `${brokerName(kind)} · ${id}`,
  commandHint: "Issued by an actor (or nobody) and handled by an aggregate, saga or external system.",
  count: "Count",
  countHint: (max: string) => `Entry commands to issue, 1 to ${max}`,
  concurrency: "Concurrency",
  concurrencyHint: (max: number) => `Entry commands in flight at once, 1 to ${max}; the sagas they start go on meanwhile (at most 64 × this many unfinished)`,
  seed: "Seed",
  seedPlaceholder: "random",
  seedHint: "Same seed, board and faults: same outcome counts",
  duplicateRate: "Duplicate rate",
  duplicateRateHint: "Probability 0–1 that a delivery is duplicated",
  timeScale: "Time scale",
  timeScaleHint: "Waits of the design (backoff, latency) last this many times as long: 1 real time, 0.01 a hundred times faster, 0 none. Timeouts are judged in design time.",
  faults: "Faults",
  faultsNone: "No faults: every step succeeds.",
  addFault: "Add fault",
  removeFault: (n: number) => `Remove fault ${n}`,
  faultTarget: (n: number) => `Fault ${n} target`,
  faultMode: (n: number) => `Fault ${n} mode`,
  faultValue: (n: number) => `Fault ${n} value`,
  faultTargetPick: "Pick a target…",
  /** A fault target in the picker: the English is the simulator's own label. */
  faultTargetLabel: (option: { value: string; label: string; detail: FaultTargetDetail }): string => option.label,
  faultTargetNone: "No saga step, participant, consumer or aggregate to target",
  faultGroup: {
    step: "Saga steps (that step only)",
    compensation: "Compensations",
    name: "By name (everything of that name)",
  } satisfies Record<FaultTargetKind, string>,
  faultModes: {
    fail: "fail",
    transient: "transient",
    rate: "rate",
    latency: "latency",
  } satisfies Record<FaultMode, string>,
  faultModeHelp: "fail: every attempt fails (a saga step's participant refuses it with the step's failure reply; a step without one is retried, then dead-lettered) · transient: the first N attempts of each message fail · rate: each attempt fails with probability P · latency: each attempt waits MS",
  faultValueUnit: { fail: "", transient: "N", rate: "P", latency: "ms" } satisfies Record<FaultMode, string>,
  sagaStepOf: (saga: string, step: number) => `${saga} #${step}`,
  start: "Start",
  starting: "Starting…",
  saving: "Saving board…",
  notSaved: "The board could not be saved, and a run uses the board as saved: resolve the save problem (see the top bar), then Start again.",
  stop: "Stop",
  stopping: "Stopping…",
  stopFailed: "The run could not be stopped.",
  startFailed: "The run could not be started.",
  boardHasErrors: (n: number) => (n === 1 ? "The board has 1 error: fix it in the Problems tab to run." : `The board has ${n} errors: fix them in the Problems tab to run.`),
  boardErrorsTitle: "The board cannot run",
  noEntryCommand: "Add an entry command (an actor issuing a command that an aggregate handles) to run this board.",
  boardStale: "The board was saved elsewhere since this tab loaded it: reload theirs or overwrite with yours (banner above the canvas), then start again.",
  runningAlready: "A run is going: stop it or wait for it to finish.",

  // ---- Run panel: progress ------------------------------------------------------------------
  progressLabel: "Run progress",
  instances: (done: string, total: string) => `${done} / ${total} instances finished`,
  instancesUnknown: (done: string) => `${done} instances finished`,
  runOf: (command: string, count: string) => `${command} × ${count}`,
  runId: "Run",
  counters: {
    sagasStarted: "Started",
    sagasCompleted: "Completed",
    sagasCompensated: "Compensated",
    sagasFailed: "Failed",
    appended: "Appended",
    published: "Published",
    delivered: "Delivered",
    retried: "Retries",
    deadLettered: "Dead letters",
    duplicatesSkipped: "Duplicates skipped",
    concurrencyConflicts: "Concurrency conflicts",
    commandsRejected: "Commands rejected",
    spans: "Spans",
  },
  groupSagas: "Sagas",
  groupEvents: "Events",
  groupDelivery: "Delivery",
  summary: "Summary",
  invariants: "Invariants",
  invariantOk: "ok",
  invariantFailed: "failed",
  /** What an invariant found: the English is the simulator's own sentence. */
  invariantDetail: (invariant: InvariantResult): string => invariant.detail,
  invariantNames: {
    "saga-atomicity": "Saga atomicity",
    "outbox-drained": "Outbox drained",
    idempotency: "Idempotency",
    "projection-rebuild": "Projection rebuild",
    "stream-versions": "Stream versions",
  } satisfies Record<InvariantName, string>,
  allInvariantsHold: "Every invariant holds.",
  someInvariantsFail: (n: number) => (n === 1 ? "1 invariant failed." : `${n} invariants failed.`),
  duration: "Duration",
  seedUsed: "Seed",
  ranOn: (kind: string, url: string, resources: number) => `on ${brokerName(kind)} at ${url} (${resources} resources)`,
  runError: "The run ended with an error",

  // ---- Timeline ----------------------------------------------------------------------------
  timelineLabel: "Span timeline",
  timelineEmpty: "No spans yet: they appear here as the run goes.",
  correlations: (n: string) => `${n} correlations`,
  spans: (n: string) => `${n} spans`,
  errorsOnly: "Errors only",
  expandAll: "Expand all",
  collapseAll: "Collapse all",
  expandGroup: "Expand",
  collapseGroup: "Collapse",
  groupErrors: (n: number) => (n === 1 ? "1 error" : `${n} errors`),
  groupCompensations: (n: number) => `${n} ↺`,
  noMatching: "No correlation with an error.",
  spanKinds: {
    command: "command",
    append: "append",
    publish: "publish",
    deliver: "deliver",
    handle: "handle",
    retry: "retry",
    "dead-letter": "dead letter",
    projection: "projection",
    "saga-step": "saga step",
    compensation: "compensation",
  } satisfies Record<SpanKind, string>,
  details: "Span details",
  detailsEmpty: "Click a span to see its message and causal chain; the canvas highlights its path.",
  closeDetails: "Close details",
  spanStatus: { ok: "ok", error: "error" },
  fieldName: "Name",
  fieldKind: "Kind",
  fieldStatus: "Status",
  fieldStarted: "Started",
  fieldEnded: "Ended",
  fieldDuration: "Duration",
  fieldSpanId: "Span",
  fieldCorrelation: "Correlation",
  fieldCausation: "Causation",
  fieldAttempts: "Attempt",
  fieldMessageId: "Message",
  fieldEventType: "Event type",
  attributes: "Attributes",
  message: "Message",
  messageNone: "This span carries no message.",
  messageLoading: "Loading the message…",
  messageCommand: (command: string) => `Caused by the command ${command}: commands are not stored as events, so there is no stored message to show (its id is above).`,
  messageNotFound: "The message could not be found in its stream.",
  messageFromDlq: "From the dead-letter queue",
  messageFromStream: (stream: string, version: number, position: string) => `Stream ${stream}, version ${version}, position ${position}`,
  payload: "Payload",
  headers: "Headers",
  causalChain: "Causal chain",
  causalChainHint: "From the entry command to this span",
  parentMissing: "Its parent span has not arrived yet.",

  // ---- Event store -------------------------------------------------------------------------
  streamsLabel: "Streams",
  streamsEmpty: "This run has no streams yet.",
  streamsFilter: "Filter the streams loaded",
  /** A filter that matches nothing among what is loaded: the rest of the store was not searched. */
  noMatchLoaded: (more: boolean) => (more ? "Nothing loaded matches: Load more to search further." : "Nothing matches the filter."),
  /** The count above the list: "loaded" while the store holds more than the pages read. */
  streamCount: (n: string, more = false) => (more ? `${n} loaded` : `${n} streams`),
  /** Below a paged list: how many are shown, and whether the store holds more. */
  shownOf: (n: string, more: boolean) => (more ? `${n} shown · more in the store` : `All ${n} shown`),
  loadMore: "Load more",
  streamId: "Stream",
  streamType: "Type",
  streamVersion: "Version",
  eventsOf: (stream: string) => `Events of ${stream}`,
  eventsPick: "Pick a stream to see its events.",
  eventsEmpty: "This stream has no events.",
  eventVersion: "Ver.",
  eventPosition: "Position",
  eventType: "Type",
  eventTime: "Time",
  eventData: "Data",
  eventMetadata: "Metadata",
  showJson: "Show data and metadata",
  hideJson: "Hide",

  // ---- Read models -------------------------------------------------------------------------
  readModelsEmpty: "No read-model rows yet: projections fill them as events are delivered.",
  readModelRows: (n: string) => `${n} rows`,
  rowId: "Row",
  eventCount: "Events",
  readModelPick: "Read model",
  rowsFilter: "Filter the rows loaded",

  // ---- DLQ ---------------------------------------------------------------------------------
  dlqEmpty: "No dead letters: every message was handled.",
  dlqCount: (n: string) => `${n} dead letters`,
  dlqGroup: "Consumer group",
  dlqMessage: "Message",
  dlqEventType: "Event type",
  dlqAttempts: "Attempts",
  dlqError: "Last error",
  dlqTime: "Dead-lettered",
  dlqReplayStatus: "Replay",
  dlqNotReplayed: "not replayed",
  dlqReplayedOk: "replayed ✓",
  dlqReplayedError: "failed again",
  replay: "Replay",
  replayLabel: (messageId: string) => `Replay message ${messageId}`,
  replayOk: (group: string) => `${group}: delivered`,
  replayError: (group: string, error: string) => `${group}: failed again (${error})`,
  replayFailed: "The replay could not be done.",

  // ---- History -----------------------------------------------------------------------------
  historyLabel: "Run history",
  historyEmpty: "No runs of this board yet.",
  /** `warning`: what went wrong in a run that still completed (`historySagasFailed`), said with the row's name. */
  historyOpen: (when: string, warning: string | null) => (warning ? `Open the run of ${when} (${warning})` : `Open the run of ${when}`),
  historyNoFaults: "no faults",
  /** The broker a run in the history ran on (absent: in process, shown as nothing). */
  historyBroker: (kind: string) => (kind === "nats" ? "NATS" : brokerName(kind)),
  historyBrokerTitle: (kind: string, url: string) => `Ran on ${brokerName(kind)} at ${url}`,
  historyOnScreen: "on screen",
  /** `failed`: null when none failed (then left out). */
  historySagas: (completed: string, compensated: string, failed: string | null) =>
    failed === null ? `${completed} completed · ${compensated} compensated` : `${completed} completed · ${compensated} compensated · ${failed} failed`,
  historySagasFailed: (n: number) => (n === 1 ? "1 saga failed" : `${n.toLocaleString("en")} sagas failed`),
} as const;

/** A broker kind as people call it. */
function brokerName(kind: string): string {
  return kind === "nats" ? "NATS JetStream" : kind === "rabbitmq" ? "RabbitMQ" : kind;
}

/** The shape of these strings in every language. */
export type RunStrings = Dictionary<typeof runStrings>;
