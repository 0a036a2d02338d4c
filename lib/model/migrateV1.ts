import type { BoardDocument } from "./boardDocument";
import { ModelError } from "./errors";
import { LIMITS } from "./limits";
import { kebabCase, nameKey, pascalCase } from "./names";

/*
 * Schema v1 → v2: saga steps stop being free text and orchestrate stickies.
 *
 * A v1 step is `{id, service, action, compensation}` (texts). Its v2 form keeps its meaning:
 * - the participant is the first service, aggregate or external system sticky whose name is the
 *   step's service (trimmed, case-insensitive); when there is none, a service sticky of that name
 *   (cut to the v2 name length) is created in a column right of the board, level with the saga, and the saga is connected to each
 *   participant it uses; a blank service (v1 allowed it) gets a service `Step <n> of <saga>`;
 * - the action and the compensation become commands named in Pascal case ("Charge payment" →
 *   `ChargePayment`); a command of that name already on the board lends its payload (one name,
 *   one contract); the replies are `<Action>Completed` and `<Action>Failed`, and a
 *   compensation's reply `<Compensation>Completed`. A generated name that an event already has,
 *   or that another role took (a command named like a reply), gets `Command` / `Reply`
 *   appended: one name is one thing;
 * - steps with a compensation become compensable, the first without one the pivot, the rest
 *   retriable: in v1 a failed step compensated the completed steps that had a compensation, and
 *   this keeps that outcome for every step before the pivot.
 * Anything that is not shaped as v1 is left as it is, for the schema to report.
 */

type Json = Record<string, unknown>;

const PARTICIPANT_KINDS = new Set(["service", "aggregate", "externalSystem"]);

export function migrateV1ToV2(document: BoardDocument): BoardDocument {
  if (!Array.isArray(document.nodes)) return document;
  const nodes = document.nodes as unknown[];
  const edges = Array.isArray(document.edges) ? (document.edges as unknown[]) : null;
  if (!nodes.some((node) => isObject(node) && node.kind === "saga" && Array.isArray(node.steps))) return document;

  const taken = new Set<string>();
  for (const item of [...nodes, ...(edges ?? [])]) if (isObject(item) && typeof item.id === "string") taken.add(item.id);
  const uniqueId = (base: string) => {
    const stem = base.slice(0, LIMITS.idLength - 4) || "node";
    let id = stem;
    for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
    taken.add(id);
    return id;
  };

  const participants = new Map<string, string>();
  const commandPayloads = new Map<string, unknown>();
  /** What each message name already is (one name, one thing): the board's events and commands, then the steps' messages. */
  const roles = new Map<string, "event" | "command" | "reply">();
  for (const node of nodes) {
    if (!isObject(node) || typeof node.name !== "string" || typeof node.id !== "string") continue;
    const key = nameKey(node.name);
    if (PARTICIPANT_KINDS.has(String(node.kind)) && !participants.has(key)) participants.set(key, node.id);
    if (node.kind === "command" && !commandPayloads.has(key)) commandPayloads.set(key, node.payload);
    if ((node.kind === "event" || node.kind === "command") && !roles.has(key)) roles.set(key, node.kind);
  }

  const created: Json[] = [];
  const rightEdge = Math.max(0, ...nodes.map((node) => (isObject(node) && isObject(node.position) ? finite(node.position.x) : 0)));
  const newEdges: Json[] = [];
  const connected = new Set<string>();
  for (const edge of edges ?? []) if (isObject(edge)) connected.add(`${String(edge.source)}\u0000${String(edge.target)}`);

  const migratedNodes = nodes.map((node) => {
    if (!isObject(node) || node.kind !== "saga" || !Array.isArray(node.steps) || typeof node.id !== "string") return node;
    const saga = node;
    const sagaId = node.id;
    const at = isObject(saga.position) ? saga.position : {};
    const origin = { x: finite(at.x), y: finite(at.y) };
    let pivotTaken = false;
    const steps = (saga.steps as unknown[]).map((step, index) => {
      if (!isV1Step(step)) return step;
      const participant = participantFor(step.service.trim() || `Step ${index + 1} of ${typeof saga.name === "string" ? saga.name.trim() : "saga"}`, origin);
      if (participant && !connected.has(`${sagaId}\u0000${participant}`)) {
        connected.add(`${sagaId}\u0000${participant}`);
        newEdges.push({ id: uniqueId(`e-${sagaId}-${participant}`), source: sagaId, target: participant });
      }
      const action = commandName(pascalName(step.action, `Step${index + 1}`));
      const compensation = step.compensation === null ? null : commandName(pascalName(step.compensation, `Undo${action}`));
      const type = compensation !== null ? "compensable" : pivotTaken ? "retriable" : "pivot";
      if (compensation === null) pivotTaken = true;
      return {
        id: step.id,
        type,
        ...(participant ? { participant } : {}),
        action: { name: action, payload: payloadOf(action) },
        replies: {
          success: { name: replyName(`${action}Completed`), payload: [] },
          failure: { name: replyName(`${action}Failed`), payload: [] },
        },
        ...(compensation === null
          ? {}
          : { compensation: { name: compensation, payload: payloadOf(compensation), reply: { name: replyName(`${compensation}Completed`), payload: [] } } }),
      };
    });
    return { ...saga, steps };
  });

  if (nodes.length + created.length > LIMITS.nodes) {
    const message =
      `This schema-version-1 board has ${nodes.length} stickies, and upgrading it adds ${created.length} service stickies for the ` +
      `services its saga steps name, over the ${LIMITS.nodes}-sticky limit: remove ${nodes.length + created.length - LIMITS.nodes} ` +
      `stickies, or add service stickies named as the steps' services are, before opening it here.`;
    throw new ModelError("invalid_board", message, [{ path: "nodes", message }]);
  }

  return {
    ...document,
    nodes: [...migratedNodes, ...created],
    ...(edges ? { edges: [...edges, ...newEdges] } : {}),
  };

  /** The participant sticky named `name`, created (a service beside the saga) when the board has none. */
  function participantFor(name: string, origin: { x: number; y: number }): string | null {
    if (!name) return null;
    const key = nameKey(name);
    const existing = participants.get(key);
    if (existing) return existing;
    // Ids stay ASCII (schema.ts): a Korean or accented name gives no letters here, so a plain stem.
    const id = uniqueId(`svc-${asciiSlug(kebabCase(name)) || "participant"}`);
    const slot = created.length;
    // v1 allowed longer service names than v2 allows sticky names.
    const fitted = Array.from(name).slice(0, LIMITS.nameLength).join("").trim();
    // In a column right of everything on the board, level with the saga: never on top of a sticky.
    created.push({ id, kind: "service", name: fitted, position: { x: rightEdge + 320, y: origin.y + 110 * slot }, action: "" });
    participants.set(key, id);
    return id;
  }

  /** A command's payload: that of the command sticky of the same name, else none. */
  function payloadOf(name: string): unknown {
    const payload = commandPayloads.get(nameKey(name));
    return Array.isArray(payload) ? payload : [];
  }

  /** A step command's name, kept clear of events and replies; commands of one name are one command. */
  function commandName(name: string): string {
    return claim(name, "command", "Command");
  }

  /** A reply's name, kept clear of events and commands; replies of one name are one reply. */
  function replyName(name: string): string {
    return claim(name, "reply", "Reply");
  }

  /** `name`, or `name<Suffix>`, `name<Suffix>3`… until no message of another role has it; recorded as `role`. */
  function claim(name: string, role: "command" | "reply", suffix: string): string {
    let candidate = name.slice(0, LIMITS.nameLength);
    for (let n = 2; clashes(candidate, role); n++) candidate = `${name.slice(0, LIMITS.nameLength - suffix.length - 4)}${suffix}${n === 2 ? "" : n}`;
    roles.set(nameKey(candidate), role);
    return candidate;
  }

  function clashes(name: string, role: "command" | "reply"): boolean {
    const taken = roles.get(nameKey(name));
    return taken !== undefined && taken !== role;
  }
}

interface V1Step {
  id: unknown;
  service: string;
  action: string;
  compensation: string | null;
}

function isV1Step(step: unknown): step is V1Step {
  return (
    isObject(step) &&
    typeof step.service === "string" &&
    typeof step.action === "string" &&
    (step.compensation === null || typeof step.compensation === "string") &&
    !("type" in step)
  );
}

/** `Charge payment` → `ChargePayment`, within the name length; `fallback` when no word is left. */
function pascalName(text: string, fallback: string): string {
  const name = pascalCase(text) || fallback;
  // Replies append up to 9 characters ("Completed"), and a clash up to 12 more.
  return name.slice(0, LIMITS.nameLength - 24);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finite(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** `café-kasse` -> `caf-kasse`, `재고-서비스` -> ``: what of a kebab-case name an id may hold. */
function asciiSlug(kebab: string): string {
  return kebab.replace(/[^A-Za-z0-9_-]+/g, "").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
}
