import { KIND_META, NODE_KINDS, type NodeKind, withArticle } from "./kinds";
import type { Board, BoardNode } from "./schema";

/** One allowed connection: an edge from a `source` sticky to a `target` sticky means `meaning`. */
export interface EdgeRule {
  readonly source: NodeKind;
  readonly target: NodeKind;
  readonly meaning: string;
}

/**
 * The edge table of board-format.md. Any pair not listed is refused, except that a hotspot may
 * be attached to anything in either direction (an annotation that generators and the simulator
 * ignore; see {@link HOTSPOT_MEANING}).
 */
export const EDGE_RULES = [
  { source: "actor", target: "command", meaning: "the actor issues the command" },
  { source: "command", target: "aggregate", meaning: "the aggregate handles the command" },
  { source: "command", target: "externalSystem", meaning: "the command is sent to the external system" },
  { source: "command", target: "saga", meaning: "the command starts the saga" },
  {
    source: "aggregate",
    target: "event",
    meaning: "the aggregate emits the event (on handling the commands that enter this sticky)",
  },
  { source: "externalSystem", target: "event", meaning: "the external system emits the event" },
  { source: "service", target: "event", meaning: "the service emits the event" },
  { source: "saga", target: "event", meaning: "the saga emits the event when it ends" },
  {
    source: "saga",
    target: "service",
    meaning: "the saga orchestrates the service: it sends it step commands and waits for its replies",
  },
  {
    source: "saga",
    target: "aggregate",
    meaning: "the saga orchestrates the aggregate: it sends it step commands and waits for its replies",
  },
  {
    source: "saga",
    target: "externalSystem",
    meaning: "the saga orchestrates the external system: it sends it step commands and waits for its replies",
  },
  { source: "event", target: "policy", meaning: "the event triggers the policy" },
  { source: "policy", target: "command", meaning: "the policy issues the command" },
  { source: "event", target: "service", meaning: "the service consumes the event and does its action" },
  { source: "event", target: "readModel", meaning: "the event is projected into the read model" },
  { source: "event", target: "saga", meaning: "the event starts the saga" },
  { source: "readModel", target: "actor", meaning: "the read model informs the actor" },
] as const satisfies readonly EdgeRule[];

/** `"source->target"` of two kinds: the key of the reason tables (here and in each language's). */
export type KindPair = `${NodeKind}->${NodeKind}`;

type PairOf<R> = R extends { source: infer S extends string; target: infer T extends string } ? `${S}->${T}` : never;
/** The pairs {@link EDGE_RULES} allows, exactly: a translation of the meanings is typed by it, so none is missed. */
export type AllowedPair = PairOf<(typeof EDGE_RULES)[number]>;

/** The meaning of any edge to or from a hotspot. */
export const HOTSPOT_MEANING = "annotation: the hotspot comments on the sticky";

/** The verdict on a connection: its meaning, or why it is refused, in a sentence for the user. */
export type ConnectionCheck = { ok: true; meaning: string } | { ok: false; reason: string };

/**
 * Reasons for the mistakes people actually make, each naming the sticky that is missing.
 * Other refused pairs get a reason computed from the table (see `inferredReason`).
 */
export const REFUSAL_REASONS = {
  "event->command": "An event cannot issue a command: add a policy between them (event → policy → command).",
  "command->event":
    "A command does not emit events by itself: add the aggregate that handles it (command → aggregate → event).",
  "actor->event":
    "An actor does not emit events: the actor issues a command, and the aggregate that handles it emits the event (actor → command → aggregate → event).",
  "actor->aggregate":
    "An actor does not act on an aggregate directly: add the command the actor issues (actor → command → aggregate).",
  "actor->policy": "A policy reacts to events, not to people: add the command the actor issues.",
  "event->aggregate":
    "An event does not enter an aggregate: add a policy that reacts to it and the command it issues (event → policy → command → aggregate).",
  "event->event":
    "An event does not cause another event by itself: add a service that consumes it and emits the next one (event → service → event), or a policy and a command.",
  "event->actor": "An event does not inform an actor directly: project it into a read model (event → read model → actor).",
  "command->command":
    "A command does not issue another command: its aggregate emits an event, and a policy issues the next command.",
  "command->policy":
    "A policy reacts to events, not commands: add the aggregate that handles the command and the event it emits.",
  "command->service":
    "A service consumes events, not commands: add the aggregate that handles the command and the event it emits (command → aggregate → event → service).",
  "command->readModel":
    "A read model is built from events, not commands: add the aggregate that handles the command and the event it emits.",
  "aggregate->command":
    "An aggregate does not issue commands: it emits an event, and a policy issues the command (aggregate → event → policy → command).",
  "aggregate->aggregate":
    "Aggregates do not call each other: emit an event, and let a policy issue a command to the other aggregate.",
  "policy->event": "A policy does not emit events: it issues a command (policy → command).",
  "policy->aggregate": "A policy issues a command, which the aggregate handles: add the command between them.",
  "readModel->command": "A read model informs an actor, who issues the command: add the actor between them.",
  "service->command":
    "A service emits events, not commands: emit an event and add a policy that issues the command.",
  "saga->command":
    "A saga sends its step commands itself: name each step's command in the saga's steps, and connect the saga to the participant that handles it (saga → service, aggregate or external system).",
  "service->saga":
    "Replies come back to the saga on its reply channel by themselves: connect the saga to its participant (saga → service), not the other way.",
  "aggregate->saga":
    "Replies come back to the saga on its reply channel by themselves: connect the saga to its participant (saga → aggregate), not the other way; to start the saga, connect the event the aggregate emits (aggregate → event → saga).",
  "externalSystem->saga":
    "Replies come back to the saga on its reply channel by themselves: connect the saga to its participant (saga → external system), not the other way.",
} as const satisfies Partial<Record<KindPair, string>>;

/** The pairs with a written reason: a translation's table is typed by it, so it has the same rows. */
export type ReasonedPair = keyof typeof REFUSAL_REASONS;

const REASONS: Partial<Record<KindPair, string>> = REFUSAL_REASONS;

const RULES_BY_PAIR = new Map<string, EdgeRule>(EDGE_RULES.map((rule) => [`${rule.source}->${rule.target}`, rule]));

/** The rule for an edge from a `source` to a `target` sticky, if the table allows it. */
export function ruleFor(source: NodeKind, target: NodeKind): EdgeRule | undefined {
  return RULES_BY_PAIR.get(`${source}->${target}`);
}

/**
 * Whether an edge from a `sourceKind` sticky to a `targetKind` sticky is allowed, and what it
 * means. Refusals carry a reason that says what to do instead.
 */
export function checkConnection(sourceKind: NodeKind, targetKind: NodeKind): ConnectionCheck {
  if (sourceKind === "hotspot" || targetKind === "hotspot") return { ok: true, meaning: HOTSPOT_MEANING };
  const rule = ruleFor(sourceKind, targetKind);
  if (rule) return { ok: true, meaning: rule.meaning };
  return {
    ok: false,
    reason: REASONS[`${sourceKind}->${targetKind}`] ?? inferredReason(sourceKind, targetKind),
  };
}

/**
 * {@link checkConnection} for two actual stickies: also refuses an edge from a sticky to itself,
 * which means nothing in any kind.
 */
export function checkNodeConnection(
  source: { readonly id: string; readonly kind: NodeKind },
  target: { readonly id: string; readonly kind: NodeKind },
): ConnectionCheck {
  if (source.id === target.id) {
    return { ok: false, reason: "A sticky cannot be connected to itself." };
  }
  return checkConnection(source.kind, target.kind);
}

/**
 * {@link checkNodeConnection} for two stickies of a board, by id: also refuses an id that is not
 * a sticky of `nodes`. What the canvas asks while a connection is dragged.
 */
export function checkBoardConnection(
  nodes: readonly Pick<BoardNode, "id" | "kind">[],
  sourceId: string,
  targetId: string,
): ConnectionCheck {
  const source = nodes.find((node) => node.id === sourceId);
  const target = nodes.find((node) => node.id === targetId);
  if (!source || !target) return { ok: false, reason: "Both ends of a connection must be stickies on this board." };
  return checkNodeConnection(source, target);
}

/**
 * {@link checkBoardConnection}, and no edge of the board already goes from the one sticky to the
 * other: what the editor checks before it adds an edge. The meaning, or the reason in a sentence.
 */
export function checkNewEdge(
  board: { readonly nodes: readonly Pick<BoardNode, "id" | "kind" | "name">[]; readonly edges: Board["edges"] },
  sourceId: string,
  targetId: string,
): ConnectionCheck {
  const check = checkBoardConnection(board.nodes, sourceId, targetId);
  if (!check.ok || !board.edges.some((edge) => edge.source === sourceId && edge.target === targetId)) return check;
  const nameOf = (id: string) => board.nodes.find((node) => node.id === id)?.name ?? id;
  return { ok: false, reason: `${nameOf(sourceId)} is already connected to ${nameOf(targetId)}.` };
}

/** The kinds a `source` sticky may connect to, in palette order (for highlighting drop targets). */
export function allowedTargets(source: NodeKind): NodeKind[] {
  return NODE_KINDS.filter((target) => checkConnection(source, target).ok);
}

/** The kinds that may connect to a `target` sticky, in palette order. */
export function allowedSources(target: NodeKind): NodeKind[] {
  return NODE_KINDS.filter((source) => checkConnection(source, target).ok);
}

/**
 * How a refused pair without a written reason relates to the table: drawn backwards (`reverse`,
 * the rule it reverses), one sticky short (`bridge`, the kind that would sit between), or neither
 * (what the source connects to and what the target receives from). Apart from the sentence, so
 * every language words the same finding.
 */
export type InferredRefusal =
  | { readonly type: "reverse"; readonly rule: EdgeRule }
  | { readonly type: "bridge"; readonly via: NodeKind }
  | { readonly type: "unrelated"; readonly targets: readonly NodeKind[]; readonly sources: readonly NodeKind[] };

export function inferRefusal(source: NodeKind, target: NodeKind): InferredRefusal {
  const reverse = ruleFor(target, source);
  if (reverse) return { type: "reverse", rule: reverse };
  const bridge = NODE_KINDS.find(
    (middle) => middle !== "hotspot" && ruleFor(source, middle) && ruleFor(middle, target),
  );
  if (bridge) return { type: "bridge", via: bridge };
  const rules: readonly EdgeRule[] = EDGE_RULES;
  return {
    type: "unrelated",
    targets: rules.filter((rule) => rule.source === source).map((rule) => rule.target),
    sources: rules.filter((rule) => rule.target === target).map((rule) => rule.source),
  };
}

/**
 * A reason derived from the table: the edge drawn backwards, else the one sticky that would
 * bridge the two, else the list of what the source can connect to.
 */
function inferredReason(source: NodeKind, target: NodeKind): string {
  const from = withArticle(source);
  const to = source === target ? `another ${KIND_META[target].noun}` : withArticle(target);
  const found = inferRefusal(source, target);
  if (found.type === "reverse") {
    return `This edge points the wrong way: ${found.rule.meaning}. Draw it from the ${KIND_META[target].noun} to the ${KIND_META[source].noun}.`;
  }
  if (found.type === "bridge") {
    const via = KIND_META[found.via].noun;
    return `${capitalize(from)} does not connect to ${to} directly: add ${withArticle(found.via)} between them (${KIND_META[source].noun} → ${via} → ${KIND_META[target].noun}).`;
  }
  const targets = found.targets.map(withArticle);
  const sources = found.sources.map(withArticle);
  return `${capitalize(from)} cannot connect to ${to}: ${from} connects only to ${listOf(targets)}, and ${withArticle(target)} only receives edges from ${listOf(sources)}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/**
 * The sticky that naturally comes next in an event storm, by kind: what fast capture adds to the
 * right of the selected sticky, already connected (actor → command → aggregate → event → policy →
 * command …; a read model informs an actor; services, external systems and sagas emit events).
 * Every pair is an edge of {@link EDGE_RULES} (grammar.test.ts checks it). Hotspots have none.
 */
export const NEXT_KIND: Readonly<Partial<Record<NodeKind, NodeKind>>> = {
  actor: "command",
  command: "aggregate",
  aggregate: "event",
  event: "policy",
  policy: "command",
  readModel: "actor",
  service: "event",
  externalSystem: "event",
  saga: "event",
};
