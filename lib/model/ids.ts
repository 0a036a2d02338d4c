import type { NodeKind } from "./kinds";

/** Id prefixes by kind, as in the template: `evt-order-placed`, `cmd-place-order`, ... */
export const NODE_ID_PREFIXES: Readonly<Record<NodeKind, string>> = {
  event: "evt",
  command: "cmd",
  aggregate: "agg",
  policy: "pol",
  readModel: "rm",
  service: "svc",
  externalSystem: "ext",
  actor: "actor",
  saga: "saga",
  hotspot: "hot",
};

/** Prefix of generated edge ids (`e-x3k9q2`). */
export const EDGE_ID_PREFIX = "e";

/** The id prefix of a kind: `nodeIdPrefix("event")` is `"evt"`. */
export function nodeIdPrefix(kind: NodeKind): string {
  return NODE_ID_PREFIXES[kind];
}

/** A source of uniform numbers in [0, 1), injected so ids are reproducible in tests and runs. */
export type Random = () => number;

/** Anything that can say whether an id is in use: a `Set`, a `Map`, ... */
export interface TakenIds {
  has(id: string): boolean;
}

export interface IdFactory {
  /** A new id for a sticky of `kind`, `<prefix>-<6 random chars>`, not in `taken`. */
  nodeId(kind: NodeKind, taken?: TakenIds): string;
  /** A new edge id, `e-<6 random chars>`, not in `taken`. */
  edgeId(taken?: TakenIds): string;
}

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const NONE: TakenIds = { has: () => false };
/** 36^6 ids per prefix: a retry is rare, so many in a row means the random source is broken. */
const MAX_ATTEMPTS = 100;

/**
 * Creates id generators over an injected random source (lib/model never calls `Math.random`).
 * Ids use only `[a-z0-9-]`, so they are valid board ids, and they are retried until not taken.
 *
 * @example createIdFactory(Math.random).nodeId("event", new Set(board.nodes.map((n) => n.id)))
 */
export function createIdFactory(random: Random, suffixLength = 6): IdFactory {
  const suffix = () => {
    let out = "";
    for (let i = 0; i < suffixLength; i++) {
      // Clamp, so a source that returns exactly 1 cannot index past the alphabet.
      out += ALPHABET[Math.min(ALPHABET.length - 1, Math.floor(random() * ALPHABET.length))];
    }
    return out;
  };
  const fresh = (prefix: string, taken: TakenIds) => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const id = `${prefix}-${suffix()}`;
      if (!taken.has(id)) return id;
    }
    throw new Error(
      `createIdFactory: no free "${prefix}-" id after ${MAX_ATTEMPTS} attempts; is the random source constant?`,
    );
  };
  return {
    nodeId: (kind, taken = NONE) => fresh(nodeIdPrefix(kind), taken),
    edgeId: (taken = NONE) => fresh(EDGE_ID_PREFIX, taken),
  };
}
