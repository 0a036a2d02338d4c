/**
 * lib/model: the board (Stormflow's model and file format) and everything derived from it
 * without I/O. See README.md in this folder for what each file holds.
 */

// Kinds and their look
export { KIND_META, NODE_KINDS, isNodeKind, kindForShortcut, withArticle } from "./kinds";
export type { KindMeta, NodeKind } from "./kinds";

// Schema and types
export type { RetryPolicy } from "./defaults";
export {
  BOARD_FORMAT,
  SAGA_STEP_TYPES,
  boardDeliverySchema,
  consumerDeliverySchema,
  stepCompensationSchema,
  stepMessageSchema,
  CONSISTENCIES,
  CURRENT_SCHEMA_VERSION,
  EVENT_OUTCOMES,
  EVENT_SCOPES,
  EVENT_TYPE_STYLES,
  FIELD_TYPES,
  actorNodeSchema,
  aggregateNodeSchema,
  boardNodeSchema,
  boardSchema,
  boardSettingsSchema,
  commandNodeSchema,
  edgeSchema,
  eventNodeSchema,
  externalSystemNodeSchema,
  fieldSchema,
  fieldShapeSchema,
  hotspotNodeSchema,
  policyNodeSchema,
  readModelNodeSchema,
  sagaNodeSchema,
  sagaStepSchema,
  serviceNodeSchema,
  COLOR_PATTERN,
  frameSchema,
  noteSchema,
} from "./schema";
export type {
  ActorNode,
  AggregateNode,
  Board,
  BoardNode,
  BoardSettings,
  CommandNode,
  Consistency,
  Edge,
  EventNode,
  EventOutcome,
  EventScope,
  EventTypeStyle,
  ExternalSystemNode,
  Field,
  FieldShape,
  FieldType,
  HotspotNode,
  NodeOfKind,
  PolicyNode,
  Position,
  ReadModelNode,
  SagaNode,
  SagaStep,
  SagaStepType,
  ServiceNode,
  BoardDelivery,
  ConsumerDelivery,
  StepCompensation,
  StepMessage,
  Frame,
  Note,
} from "./schema";

// Bounded contexts: frames and what they hold
export { ANCHOR_INSET, FRAME_COLORS, boundedContexts, eventContexts, frameColor, frameContents, frameFill, stickiesPerFrame } from "./boundedContexts";
export type { BoundedContext, ContextMap, EventContexts } from "./boundedContexts";
export { LIMITS } from "./limits";
export {
  DEFAULTS,
  DEFAULT_RETRY_POLICY,
  eventOutcome,
  DEAD_LETTER_NOTICE,
  eventPartitionKey,
  sagaStepTimeoutMs,
  eventScope,
  eventTypeStyleOf,
  eventVersion,
  fieldRequired,
  serviceConsistency,
} from "./defaults";

// Reading and writing files
export { ModelError, isModelError } from "./errors";
export type { ModelErrorCode, ModelErrorIssue } from "./errors";
export { parseBoard, parseBoardText } from "./parse";
export { MIGRATIONS, migrateBoard } from "./migrations";
export type { BoardDocument, Migration } from "./migrations";
export { serializeBoard } from "./serialize";
export { findJsonSyntaxError } from "./jsonSyntax";
export type { JsonSyntaxError } from "./jsonSyntax";
export { formatPath } from "./paths";

// The edge grammar
export {
  EDGE_RULES,
  HOTSPOT_MEANING,
  allowedSources,
  allowedTargets,
  checkBoardConnection,
  checkConnection,
  checkNewEdge,
  checkNodeConnection,
  NEXT_KIND,
} from "./grammar";
export type { ConnectionCheck, EdgeRule } from "./grammar";

// Names, event types, identifiers
export {
  RESERVED_WORDS,
  camelCase,
  eventTypeOf,
  isTsIdentifier,
  kebabCase,
  nameKey,
  pascalCase,
  toTsIdentifier,
  uniqueIdentifiers,
  words,
} from "./names";
export { looksLikeEventName, looksPastTense } from "./tense";

// The derived flow
export { PARTICIPANT_KINDS, analyzeBoard, indexAnalysis, type AnalysisIndex } from "./analyze";
export type {
  ActorInfo,
  AggregateInfo,
  BoardAnalysis,
  CommandHandler,
  CommandInfo,
  EventConsumer,
  EventInfo,
  ExternalSystemInfo,
  ParticipantInfo,
  ParticipantKind,
  PolicyInfo,
  SagaMessageInfo,
  SagaMessageRole,
  SagaStepInfo,
  ReadModelInfo,
  SagaInfo,
  ServiceAction,
  ServiceInfo,
  StickyRef,
} from "./analyze";

// Validation
export { validateBoard } from "./validate";
export type { Issue } from "./validate";
export { ISSUE_CATALOGUE, ISSUE_CODES, describeIssue } from "./issueCodes";
export type { IssueCode, IssueParams, IssueSeverity } from "./issueCodes";

// New ids and boards
export { EDGE_ID_PREFIX, NODE_ID_PREFIXES, createIdFactory, nodeIdPrefix } from "./ids";
export type { IdFactory, Random, TakenIds } from "./ids";
export { TEMPLATES, createOrderSagaTemplate, emptyBoard, orderFlowTemplate } from "./template";

// The delivery topology: channels, consumer groups, retry policies
export { deadLetterQueueName, deriveTopology, edgeIndex, messageRouteKey, retryDelayMs, retrySchedule, routesByMessage } from "./topology";
export type { BoardTopology, Channel, ChannelKind, ChannelMessage, ConsumerGroup, ConsumerKind, EdgeIndex, MessageKind, Route } from "./topology";

// Schema evolution: contracts, the compatibility diff and revision summaries.
export { COMPAT_MODES, DEFAULT_COMPAT_MODE, forbiddenDirections, isCompatMode, isTransitive } from "./compatModes";
export type { BreakDirection, CompatMode } from "./compatModes";
export { boardContracts } from "./contracts";
export type { Contract, ContractConsumer, ContractKind } from "./contracts";
export { fieldChanges } from "./fieldChanges";
export type { FieldChange, FieldChangeKind } from "./fieldChanges";
export { CHANGE_KINDS, isWidening, judge } from "./compatRules";
export type { ContractChangeKind, RuleVerdict } from "./compatRules";
export { diffBoards } from "./diffBoards";
export type { BoardDiff, ContractChange, DiffOptions, EarlierBoard } from "./diffBoards";
export { revisionSummary } from "./revisionSummary";
export type { RevisionSummary } from "./revisionSummary";
export { earlierEventVersions, hasVersionedEvents } from "./eventVersions";
export type { EarlierVersion } from "./eventVersions";
