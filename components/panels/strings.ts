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
  service: "Service",
  stepAction: "Action",
  compensation: "Compensation",
  noCompensation: "\u2014 no compensation",
  compensationHint: "Only the last step may go without a compensation.",
  addStep: "Add step",
  moveStepUp: "Move step up",
  moveStepDown: "Move step down",
  deleteStep: "Delete step",
  noSteps: "No steps yet: a saga runs its steps in order, and compensates the completed ones in reverse when one fails.",
  stepRequired: "Required.",
  newStepService: "SomeService",
  newStepAction: "Do something",
} as const;
