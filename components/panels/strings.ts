import type { Dictionary } from "@/lib/i18n/dictionary";

/**
 * User-facing strings of the side panels (inspector, fields and saga editors), in one place so a
 * Korean UI can follow. Functions take what they interpolate, so word order may change per language.
 */
export const inspectorStrings = {
  // Sections and labels
  board: "Board",
  boardHint: "Select a sticky to edit it. Ctrl/⌘-click stickies, or Shift-drag a box, to select several.",
  name: "Name",
  description: "Description",
  descriptionPlaceholder: "What it means, in the domain's words",
  boardDescriptionPlaceholder: "What this board models",
  eventTypeStyle: "Event type style",
  eventTypeStyleOptions: {
    dotted: "Dotted \u2014 order.placed",
    screaming: "Screaming \u2014 ORDER_PLACED",
    pascal: "Pascal \u2014 OrderPlaced",
  },
  eventTypeExample: (name: string, type: string) => `${name} \u2192 ${type}`,
  boardStats: (stickies: number, edges: number) =>
    `${stickies === 1 ? "1 sticky" : `${stickies} stickies`} \u00b7 ${edges === 1 ? "1 connection" : `${edges} connections`}`,

  nameRequired: "A name is required.",
  tooLong: (max: number) => `At most ${max} characters.`,
  charsLeft: (n: number) => `${n} left`,

  eventSection: "Event",
  /** The kind chip of an integration event. */
  integrationEvent: "Integration event",
  scope: "Scope",
  scopeOptions: { domain: "Domain", integration: "Integration" },
  version: "Version",
  versionInvalid: "A whole number, 1 or more.",
  topic: "Topic",
  topicHint: "Empty: the default shown in grey.",
  outcome: "Outcome",
  outcomeOptions: { success: "Success", failure: "Failure" },
  eventType: "Event type",
  payload: "Payload",
  fields: "Fields",
  serviceSection: "Service",
  action: "Action",
  actionPlaceholder: "e.g. Send confirmation email",
  consistency: "Consistency",
  consistencyOptions: { eventual: "Eventual", strong: "Strong" },
  steps: "Steps",

  // Multi-selection
  selectedCount: (n: number) => `${n} stickies selected`,
  selectedEdges: (n: number) => (n === 1 ? "and 1 connection" : `and ${n} connections`),
  multiHint: "Select one sticky to edit it. Delete removes the whole selection (undo brings it back).",
  edgesSelected: (n: number) => `${n} connections selected`,

  // Edges
  connection: "Connection",
  from: "From",
  to: "To",
  label: "Label",
  labelPlaceholder: "Optional, shown on the arrow",
  missingNode: "(missing sticky)",

  // Fields editor
  fieldName: "Field name",
  fieldType: "Field type",
  required: "Required",
  itemType: "Item type",
  items: "Items",
  nestedFields: "Fields",
  addField: "Add field",
  moveFieldUp: "Move field up",
  moveFieldDown: "Move field down",
  deleteField: "Delete field",
  describeField: "Describe field",
  fieldDescription: "Field description",
  fieldDescriptionPlaceholder: "What it holds; goes into TSDoc and the schemas",
  noFields: "No fields yet.",
  fieldNameRequired: "A field needs a name.",
  notIdentifier: "Not an identifier: start with a letter, _ or $, then letters, digits, _ or $.",
  duplicateField: "Another field has this name.",
  tooDeep: "Nested as deep as a board allows.",
  newFieldName: "field",
  fieldCount: (n: number) => (n === 1 ? "1 field" : `${n} fields`),

  // Saga steps editor
  stepNumber: (n: number) => `Step ${n}`,
  stepType: "Type",
  stepTypeOptions: { compensable: "Compensable", pivot: "Pivot", retriable: "Retriable" },
  stepTypeHints: {
    compensable: "Undone by its compensation when a later step fails.",
    pivot: "The go/no-go step: once it succeeds, the saga goes through.",
    retriable: "After the pivot: retried when it fails.",
  },
  participant: "Participant",
  participantNone: "\u2014 none",
  participantOption: (name: string, kind: string) => `${name} \u00b7 ${kind}`,
  participantMissing: (id: string) => `Missing sticky \u201c${id}\u201d`,
  noParticipants: "No service, aggregate or external system on the board yet: add the one that runs this step.",
  command: "Command",
  successReply: "Success reply",
  failureReply: "Failure reply",
  noFailure: "\u2014 none (fails only by timeout)",
  compensation: "Compensation",
  compensationReply: "Compensation reply",
  noCompensation: "\u2014 none",
  neverCompensated: {
    pivot: "Not compensated: when the pivot fails, the compensable steps before it are undone.",
    retriable: "Not compensated: retried until it succeeds, else the saga ends failed.",
  },
  removeCompensation: "Remove compensation",
  timeout: "Timeout (ms)",
  timeoutInvalid: "Whole milliseconds, from 1 to 3,600,000.",
  timeoutDefault: (text: string) => `Blank: ${text}, the default.`,
  payloadToggle: (n: number) => (n === 0 ? "Payload" : n === 1 ? "1 field" : `${n} fields`),
  payloadOf: (what: string) => `Payload of ${what}`,
  messageRequired: "A name is required.",
  messageBlank: "A name cannot be only spaces.",
  addStep: "Add step",
  moveStepUp: "Move step up",
  moveStepDown: "Move step down",
  deleteStep: "Delete step",
  noSteps: "No steps yet: a saga sends each step's command to its participant in order, and compensates the completed steps in reverse when one fails.",
  newStepAction: "DoSomething",
  /** Title of the step numbers on a saga → participant edge. */
  edgeSteps: (numbers: string) => `Saga steps ${numbers} run here`,

  // Delivery
  delivery: "Delivery",
  deliveryDefaults: "Delivery defaults",
  consumerGroup: "Consumer group",
  groupInvalid: "Letters A-Z a-z, digits, \u2018.\u2019, \u2018_\u2019 and \u2018-\u2019, starting with a letter or digit.",
  deadLetters: (dlq: string) => `Dead letters: ${dlq}`,
  notAConsumer: "Not a consumer yet: it gets a group once it consumes events or a saga step orchestrates it.",
  retryLabels: {
    maxAttempts: "Attempts",
    initialDelayMs: "First wait (ms)",
    multiplier: "Multiplier",
    maxDelayMs: "Max wait (ms)",
    jitter: "Jitter (0\u20131)",
  },
  numberProblems: {
    notNumber: "A number, e.g. 3 or 0.5.",
    notInteger: "A whole number.",
    outOfRange: (min: number, max: number) => `From ${min.toLocaleString("en")} to ${max.toLocaleString("en")}.`,
  },
  consumerRetryHint: "Blank: the board\u2019s value, in grey.",
  boardRetryHint: "Blank: the built-in default, in grey. Stickies may override each value.",
  commandChannel: "Command channel",
  commandChannelUnused: "Used once a saga step orchestrates it.",
  replyChannel: "Reply channel",
  replyChannelUnused: "Used once the saga has steps.",
  partitionKey: "Partition key",
  partitionDefault: "aggregateId (default)",
  partitionUnknown: (key: string) => `${key} (not in the payload)`,
} as const;

/** The shape of these strings in every language. */
export type InspectorStrings = Dictionary<typeof inspectorStrings>;
