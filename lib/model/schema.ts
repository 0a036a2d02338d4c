import { z } from "zod";
import { LIMITS } from "./limits";
import { isWellFormedText, TEXT_RULE } from "./wellFormedText";

/** The exact value of a board file's `format` key. */
export const BOARD_FORMAT = "stormflow.board";

/** The schema version this code reads and writes. Older files are migrated on parse. */
export const CURRENT_SCHEMA_VERSION = 2;

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

/**
 * Every string of the board starts here: one rule for all text (no NUL, no unpaired surrogate,
 * see wellFormedText.ts), so no field can carry what PostgreSQL or UTF-8 refuses.
 */
const textSchema = () => z.string().refine(isWellFormedText, { error: TEXT_RULE });

/** Ids are used in URLs, DOM ids and file diffs, so they stay in a small ASCII alphabet. */
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

const idSchema = textSchema()
  .min(1)
  .max(LIMITS.idLength)
  .regex(ID_PATTERN, { error: "must contain only letters A-Z a-z, digits, '_' and '-'" });

/** A name: any script, 1-120 characters, not only spaces. Stored as typed (not trimmed). */
const nameSchema = textSchema()
  .min(1)
  .max(LIMITS.nameLength)
  .refine((name) => name === "" || name.trim() !== "", { error: "must not be blank" });

const descriptionSchema = textSchema().max(LIMITS.descriptionLength);

/** Finite coordinate; `-0` becomes `0` so that a parsed board deep-equals its re-parse. */
const coordinateSchema = z.number().overwrite((n) => (Object.is(n, -0) ? 0 : n));

const positionSchema = z.strictObject({ x: coordinateSchema, y: coordinateSchema });

/** A short free text (1-200 characters), e.g. a saga step's action or an event topic. */
const shortTextSchema = textSchema().min(1).max(LIMITS.shortTextLength);

// ---------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------

/** The types a payload or read-model field can have. */
export const FIELD_TYPES = [
  "string",
  "number",
  "integer",
  "boolean",
  "datetime",
  "uuid",
  "object",
  "array",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * A field without its name: the element type of an array field (`items`).
 * `required` defaults to true (see `fieldRequired`); `fields` is meant for objects and `items`
 * for arrays (validation warns otherwise; the schema accepts it so typing never loses data).
 */
export interface FieldShape {
  type: FieldType;
  required?: boolean;
  description?: string;
  fields?: Field[];
  items?: FieldShape;
}

/** A named field of an event or command payload, or of a read model. */
export interface Field extends FieldShape {
  /** 1-120 characters. Whether it is a usable identifier is a validation matter. */
  name: string;
}

/**
 * Builds the field schemas level by level, from the deepest allowed level up. A finite
 * schema (rather than `z.lazy` recursion) means a maliciously deep document is refused at
 * level 9 without zod ever descending further.
 */
function buildFieldSchemas(): { field: z.ZodType<Field>; shape: z.ZodType<FieldShape> } {
  const tooDeep = z
    .never({ error: `fields may be nested at most ${LIMITS.fieldDepth} levels deep` })
    .optional();
  let field: z.ZodType<Field> | undefined;
  let shape: z.ZodType<FieldShape> | undefined;
  for (let level = LIMITS.fieldDepth; level >= 1; level--) {
    const childField = field;
    const childShape = shape;
    const common = {
      type: z.enum(FIELD_TYPES),
      required: z.boolean().optional(),
      description: descriptionSchema.optional(),
      fields: childField ? z.array(childField).max(LIMITS.fieldsPerList).optional() : tooDeep,
      items: childShape ? childShape.optional() : tooDeep,
    };
    // The casts only erase the per-level difference (`never` at the deepest level).
    shape = z.strictObject(common) as unknown as z.ZodType<FieldShape>;
    field = z.strictObject({
      name: textSchema().min(1).max(LIMITS.fieldNameLength),
      ...common,
    }) as unknown as z.ZodType<Field>;
  }
  if (!field || !shape) throw new Error("LIMITS.fieldDepth must be at least 1");
  return { field, shape };
}

const fieldSchemas = buildFieldSchemas();

/** Schema of one {@link Field}, nesting bounded by `LIMITS.fieldDepth`. */
export const fieldSchema: z.ZodType<Field> = fieldSchemas.field;
/** Schema of one {@link FieldShape} (an array's `items`). */
export const fieldShapeSchema: z.ZodType<FieldShape> = fieldSchemas.shape;

const fieldListSchema = z.array(fieldSchema).max(LIMITS.fieldsPerList);

// ---------------------------------------------------------------------------
// Delivery: retry policies, consumer groups, channels
// ---------------------------------------------------------------------------

/**
 * A consumer group or dead-letter queue name as brokers accept it (Kafka group ids, RabbitMQ
 * queues, NATS durables after mapping): ASCII letters, digits, `.`, `_` and `-`.
 */
export const GROUP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const groupNameSchema = textSchema()
  .min(1)
  .max(LIMITS.nameLength)
  .regex(GROUP_NAME_PATTERN, {
    error: "must start with a letter or digit and contain only letters A-Z a-z, digits, '.', '_' and '-'",
  });

/** The keys of a retry policy, each optional: what is absent comes from the level above. */
const retryPolicyKeys = {
  maxAttempts: z.int().min(1).max(LIMITS.maxAttempts).optional(),
  initialDelayMs: z.int().min(0).max(LIMITS.delayMs).optional(),
  multiplier: z.number().min(1).max(10).optional(),
  maxDelayMs: z.int().min(0).max(LIMITS.delayMs).optional(),
  jitter: z.number().min(0).max(1).optional(),
};

/** The board's delivery defaults: the retry policy of every consumer group that does not override it. */
export const boardDeliverySchema = z.strictObject(retryPolicyKeys);
export type BoardDelivery = z.infer<typeof boardDeliverySchema>;

/** One consumer's delivery settings: its group name and its retry policy, over the board's. */
export const consumerDeliverySchema = z.strictObject({ group: groupNameSchema.optional(), ...retryPolicyKeys });
export type ConsumerDelivery = z.infer<typeof consumerDeliverySchema>;

// ---------------------------------------------------------------------------
// Sagas
// ---------------------------------------------------------------------------

/**
 * The place of a step in a saga, after the saga pattern's classification (microservices.io):
 * `compensable` steps are undone by their compensation when a later step fails; the `pivot` is
 * the go/no-go step; `retriable` steps come after it and are retried until they succeed, never
 * compensated.
 */
export const SAGA_STEP_TYPES = ["compensable", "pivot", "retriable"] as const;
export type SagaStepType = (typeof SAGA_STEP_TYPES)[number];

/**
 * A message a saga step sends (a command) or waits for (a reply event): its name and payload.
 * As everywhere on a board, one name is one contract: a step command with the name of a command
 * sticky is that command.
 */
export const stepMessageSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.optional(),
  payload: fieldListSchema,
});
export type StepMessage = z.infer<typeof stepMessageSchema>;

/** A compensation: the command that undoes a step, and the reply that says it was undone. */
export const stepCompensationSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.optional(),
  payload: fieldListSchema,
  reply: stepMessageSchema,
});
export type StepCompensation = z.infer<typeof stepCompensationSchema>;

/**
 * One step of a saga (schema v2): the saga sends `action` to `participant` (a service, aggregate
 * or external system sticky, by id) on its command channel and waits for a reply: `success`
 * moves on, `failure` (or no reply within `timeoutMs`) fails the step. A compensable step's
 * `compensation` undoes it when a later step fails.
 */
export const sagaStepSchema = z.strictObject({
  id: shortTextSchema,
  type: z.enum(SAGA_STEP_TYPES),
  // Optional so a step being drawn parses; validation reports a step without a participant.
  participant: idSchema.optional(),
  action: stepMessageSchema,
  replies: z.strictObject({ success: stepMessageSchema, failure: stepMessageSchema.optional() }),
  compensation: stepCompensationSchema.optional(),
  timeoutMs: z.int().min(1).max(LIMITS.delayMs).optional(),
});
export type SagaStep = z.infer<typeof sagaStepSchema>;

// ---------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------

export const EVENT_SCOPES = ["domain", "integration"] as const;
export type EventScope = (typeof EVENT_SCOPES)[number];

export const EVENT_OUTCOMES = ["success", "failure"] as const;
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];

export const CONSISTENCIES = ["strong", "eventual"] as const;
export type Consistency = (typeof CONSISTENCIES)[number];

/** Keys every sticky has, whatever its kind. */
const nodeBase = {
  id: idSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
  position: positionSchema,
};

export const eventNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal("event"),
  payload: fieldListSchema,
  scope: z.enum(EVENT_SCOPES).optional(),
  version: z.int().min(1).optional(),
  topic: shortTextSchema.optional(),
  // The payload field whose value orders the event's messages (default: the aggregate id).
  partitionKey: textSchema().min(1).max(LIMITS.fieldNameLength).optional(),
  outcome: z.enum(EVENT_OUTCOMES).optional(),
});
export const commandNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal("command"),
  payload: fieldListSchema,
});
/** Where a saga participant receives step commands (default `<participant>.commands`). */
const commandChannel = shortTextSchema.optional();
const delivery = consumerDeliverySchema.optional();

export const aggregateNodeSchema = z.strictObject({ ...nodeBase, kind: z.literal("aggregate"), commandChannel, delivery });
export const policyNodeSchema = z.strictObject({ ...nodeBase, kind: z.literal("policy"), delivery });
export const readModelNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal("readModel"),
  fields: fieldListSchema,
  delivery,
});
export const serviceNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal("service"),
  // May be empty while the user is still typing; analysis then says "Handle <Event>".
  action: textSchema().max(LIMITS.shortTextLength),
  consistency: z.enum(CONSISTENCIES).optional(),
  commandChannel,
  delivery,
});
export const externalSystemNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal("externalSystem"),
  commandChannel,
  delivery,
});
export const actorNodeSchema = z.strictObject({ ...nodeBase, kind: z.literal("actor") });
export const sagaNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal("saga"),
  // Where participants send the saga their replies (default `<saga>.replies`).
  replyChannel: shortTextSchema.optional(),
  delivery,
  // An empty list parses (a saga being drawn); validation reports it as `saga-empty`.
  steps: z.array(sagaStepSchema).max(LIMITS.sagaSteps),
});
export const hotspotNodeSchema = z.strictObject({ ...nodeBase, kind: z.literal("hotspot") });

/** Any sticky, discriminated on `kind`. */
export const boardNodeSchema = z.discriminatedUnion("kind", [
  eventNodeSchema,
  commandNodeSchema,
  aggregateNodeSchema,
  policyNodeSchema,
  readModelNodeSchema,
  serviceNodeSchema,
  externalSystemNodeSchema,
  actorNodeSchema,
  sagaNodeSchema,
  hotspotNodeSchema,
]);

export type EventNode = z.infer<typeof eventNodeSchema>;
export type CommandNode = z.infer<typeof commandNodeSchema>;
export type AggregateNode = z.infer<typeof aggregateNodeSchema>;
export type PolicyNode = z.infer<typeof policyNodeSchema>;
export type ReadModelNode = z.infer<typeof readModelNodeSchema>;
export type ServiceNode = z.infer<typeof serviceNodeSchema>;
export type ExternalSystemNode = z.infer<typeof externalSystemNodeSchema>;
export type ActorNode = z.infer<typeof actorNodeSchema>;
export type SagaNode = z.infer<typeof sagaNodeSchema>;
export type HotspotNode = z.infer<typeof hotspotNodeSchema>;
/** Any sticky. Narrow on `kind`, or use {@link NodeOfKind}. */
export type BoardNode = z.infer<typeof boardNodeSchema>;
/** The node type of one kind: `NodeOfKind<"event">` is {@link EventNode}. */
export type NodeOfKind<K extends BoardNode["kind"]> = Extract<BoardNode, { kind: K }>;
export type Position = z.infer<typeof positionSchema>;

// ---------------------------------------------------------------------------
// Edges and the board
// ---------------------------------------------------------------------------

/** A connection between two stickies; its meaning comes from their kinds (see grammar.ts). */
export const edgeSchema = z.strictObject({
  id: idSchema,
  source: idSchema,
  target: idSchema,
  label: textSchema().max(LIMITS.shortTextLength).optional(),
});
export type Edge = z.infer<typeof edgeSchema>;

// ---------------------------------------------------------------------------
// Frames (bounded contexts) and notes
// ---------------------------------------------------------------------------

/** A colour as `#rrggbb`, the one form the canvas, the SVG and the colour input all read. */
export const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

const frameLengthSchema = z.number().min(LIMITS.frameMinSize).max(LIMITS.frameSize);

/**
 * A bounded context, drawn as a frame around its stickies. Membership is not stored: a sticky,
 * a note or a smaller frame belongs to the frame that contains it (see boundedContexts.ts), so
 * moving a sticky out of a frame can never leave a stale reference behind.
 */
export const frameSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
  color: textSchema().regex(COLOR_PATTERN, { error: "must be a colour written #rrggbb" }).optional(),
  position: positionSchema,
  size: z.strictObject({ width: frameLengthSchema, height: frameLengthSchema }),
});
export type Frame = z.infer<typeof frameSchema>;

/**
 * A free text note for the exploration phase (a question, an assumption, a quote from the
 * domain expert). It has no kind and no meaning to the generators or the simulator.
 */
export const noteSchema = z.strictObject({
  id: idSchema,
  // Not only spaces and line breaks: such a note shows nothing, like the empty one (refused too).
  text: textSchema()
    .min(1)
    .max(LIMITS.descriptionLength)
    .refine((text) => text === "" || text.trim() !== "", { error: "must not be blank" }),
  position: positionSchema,
});
export type Note = z.infer<typeof noteSchema>;

export const EVENT_TYPE_STYLES = ["dotted", "screaming", "pascal"] as const;
/** How event types are derived from event names (see names.ts). */
export type EventTypeStyle = (typeof EVENT_TYPE_STYLES)[number];

export const boardSettingsSchema = z.strictObject({
  eventTypeStyle: z.enum(EVENT_TYPE_STYLES).optional(),
  delivery: boardDeliverySchema.optional(),
});
export type BoardSettings = z.infer<typeof boardSettingsSchema>;

/**
 * A whole board at the current schema version. Defaults are never filled in here (see
 * defaults.ts), so that absent keys stay absent and a canonical file round-trips byte for byte.
 */
export const boardSchema = z.strictObject({
  format: z.literal(BOARD_FORMAT),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  name: nameSchema,
  description: descriptionSchema.optional(),
  settings: boardSettingsSchema.optional(),
  nodes: z.array(boardNodeSchema).max(LIMITS.nodes),
  edges: z.array(edgeSchema).max(LIMITS.edges),
  // Optional so that every v2 file written before frames existed stays byte-identical.
  frames: z.array(frameSchema).max(LIMITS.frames).optional(),
  notes: z.array(noteSchema).max(LIMITS.notes).optional(),
});
export type Board = z.infer<typeof boardSchema>;
