/**
 * The ten sticky kinds of an event-storming board, in palette order.
 *
 * The order is part of the contract of this module: palettes, legends and generated
 * documents list kinds in this order.
 */
export const NODE_KINDS = [
  "event",
  "command",
  "aggregate",
  "policy",
  "readModel",
  "service",
  "externalSystem",
  "actor",
  "saga",
  "hotspot",
] as const;

/** One sticky kind: `"event"`, `"command"`, ... */
export type NodeKind = (typeof NODE_KINDS)[number];

/** How a kind looks and how it is named to a human. */
export interface KindMeta {
  /** Title-case label shown above the sticky's name and in the palette ("Domain event"). */
  readonly label: string;
  /** Lower-case noun used inside sentences ("an event cannot issue a command"). */
  readonly noun: string;
  /** Sticky fill, from the event-storming legend of the UI guide. */
  readonly fill: string;
  /** Key that drops a sticky of this kind under the cursor. Unique per kind. */
  readonly keyShortcut: string;
}

/** Label, fill colour and keyboard shortcut of every kind. */
export const KIND_META: Readonly<Record<NodeKind, KindMeta>> = {
  event: { label: "Domain event", noun: "event", fill: "#FFA94D", keyShortcut: "E" },
  command: { label: "Command", noun: "command", fill: "#74C0FC", keyShortcut: "C" },
  aggregate: { label: "Aggregate", noun: "aggregate", fill: "#FFE066", keyShortcut: "A" },
  policy: { label: "Policy", noun: "policy", fill: "#D0BFFF", keyShortcut: "P" },
  readModel: { label: "Read model", noun: "read model", fill: "#A9E34B", keyShortcut: "R" },
  service: { label: "Service", noun: "service", fill: "#F1F3F5", keyShortcut: "S" },
  externalSystem: {
    label: "External system",
    noun: "external system",
    fill: "#FCC2D7",
    keyShortcut: "X",
  },
  // U for "user": A is taken by the aggregate.
  actor: { label: "Actor", noun: "actor", fill: "#FFF3BF", keyShortcut: "U" },
  // G for "saGa": S is taken by the service.
  saga: { label: "Saga", noun: "saga", fill: "#E5DBFF", keyShortcut: "G" },
  hotspot: { label: "Hotspot", noun: "hotspot", fill: "#FF6B9A", keyShortcut: "H" },
};

/**
 * The kinds' names in Korean, for the Korean UI and the Korean documents alike (one table, so the
 * two cannot drift): the seeds' terms (도메인 이벤트, 커맨드, 애그리거트, 정책, 읽기 모델). Korean
 * has no capitals, so one word serves as both the label and the noun.
 */
export const KIND_LABELS_KO: Readonly<Record<NodeKind, string>> = {
  event: "도메인 이벤트",
  command: "커맨드",
  aggregate: "애그리거트",
  policy: "정책",
  readModel: "읽기 모델",
  service: "서비스",
  externalSystem: "외부 시스템",
  actor: "액터",
  saga: "사가",
  hotspot: "핫스팟",
};

/** Type guard: is `value` one of {@link NODE_KINDS}? */
export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === "string" && (NODE_KINDS as readonly string[]).includes(value);
}

/**
 * The kind whose shortcut is `key` (case-insensitive), or `undefined`.
 * The canvas calls this on keydown; modifiers are the caller's business.
 */
export function kindForShortcut(key: string): NodeKind | undefined {
  const upper = key.toUpperCase();
  return NODE_KINDS.find((kind) => KIND_META[kind].keyShortcut === upper);
}

/** "an event", "a command": the noun of a kind with its indefinite article. */
export function withArticle(kind: NodeKind): string {
  const noun = KIND_META[kind].noun;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
