import { boundedContexts, eventContexts, type ContextMap } from "../model/boundedContexts";
import { analyzeBoard, type BoardAnalysis, type EventConsumer, type EventInfo, type ServiceAction } from "../model/analyze";
import type { Board, BoardNode } from "../model/schema";
import { deriveTopology, type BoardTopology } from "../model/topology";
import { contractNames, type ContractNames } from "./contractNames";
import type { ConsumerWords } from "./i18n";

/**
 * What every generator reads: the board, its analysis (merged stickies and their relations, in
 * board order; see lib/model/analyze.ts), its delivery topology (lib/model/topology.ts) and two
 * look-ups the analysis does not offer. Generators derive no fact of their own about the board:
 * a channel, a consumer group, its retry policy or dead-letter queue is read from `topology`,
 * the same derivation the simulator runs, so a document promises what a run does.
 */
export interface GenerateContext {
  readonly board: Board;
  readonly analysis: BoardAnalysis;
  /** Every sticky by id. */
  readonly nodes: ReadonlyMap<string, BoardNode>;
  /** What each service sticky does, by its node id. */
  readonly serviceActions: ReadonlyMap<string, ServiceAction>;
  /** The generated names of events, commands, saga messages and aggregate unions (computed on first use). */
  readonly names: ContractNames;
  /** Channels, consumer groups, retry policies and routes: `deriveTopology` of the board (computed on first use). */
  readonly topology: BoardTopology;
  /** The bounded contexts (frames) and what each sticky is in: lib/model/boundedContexts.ts (computed on first use). */
  readonly contexts: ContextMap;
}

/** `tags: [{ name }]` of the context a sticky is in, for AsyncAPI objects; nothing outside every frame. */
export function contextTags(context: GenerateContext, nodeId: string | undefined): { tags?: { name: string }[] } {
  const bounded = nodeId === undefined ? undefined : context.contexts.contextOf(nodeId);
  return bounded ? { tags: [{ name: bounded.name }] } : {};
}

/** `tags: [{ name }]` of the context an event is produced in (lib/model `eventContexts`), if any. */
export function eventTags(context: GenerateContext, event: EventInfo): { tags?: { name: string }[] } {
  const producing = eventContexts(context.contexts, event).producing;
  return producing ? { tags: [{ name: producing.name }] } : {};
}

/**
 * Analyses `board` once, on first use. Every generator has a `…FromContext` form, so that exporting every
 * format (the zip, `--format all`) analyses the board once rather than six times.
 */
export function contextOf(board: Board): GenerateContext {
  // Everything is computed on first use: the Mermaid chart, say, needs none of it.
  let analysis: BoardAnalysis | undefined;
  let nodes: ReadonlyMap<string, BoardNode> | undefined;
  let serviceActions: ReadonlyMap<string, ServiceAction> | undefined;
  let names: ContractNames | undefined;
  let topology: BoardTopology | undefined;
  let contexts: ContextMap | undefined;
  const context: GenerateContext = {
    board,
    get analysis() {
      analysis ??= analyzeBoard(board);
      return analysis;
    },
    get nodes() {
      nodes ??= new Map(board.nodes.map((node) => [node.id, node]));
      return nodes;
    },
    get serviceActions() {
      serviceActions ??= new Map(
        context.analysis.services.flatMap((service) => service.actions.map((action) => [action.nodeId, action] as const)),
      );
      return serviceActions;
    },
    get names() {
      names ??= contractNames(context.analysis);
      return names;
    },
    get topology() {
      // From the same analysis, so the board is analysed once for every format.
      topology ??= deriveTopology(board, context.analysis);
      return topology;
    },
    get contexts() {
      contexts ??= boundedContexts(board);
      return contexts;
    },
  };
  return context;
}

/**
 * What `consumer` does with an event, in the document's language: a service's own action as
 * typed (or "Handle <events>" while it is empty), a policy's "Issue <commands>", "Update read
 * model", "Start saga". Names and the typed action go through `escape`; the words do not.
 */
export function consumerAction(
  context: GenerateContext,
  consumer: EventConsumer,
  words: ConsumerWords,
  escape: (text: string) => string,
): string {
  switch (consumer.kind) {
    case "service": {
      const node = context.nodes.get(consumer.nodeId);
      const typed = node?.kind === "service" ? node.action.trim() : "";
      if (typed) return escape(typed);
      const consumes = context.serviceActions.get(consumer.nodeId)?.consumes ?? [];
      return consumes.length > 0 ? words.handle(names(consumes, words, escape)) : escape(consumer.name);
    }
    case "policy":
      return consumer.issues && consumer.issues.length > 0
        ? words.issue(names(consumer.issues, words, escape))
        : escape(consumer.name);
    case "readModel":
      return words.updateReadModel;
    case "saga":
      return words.startSaga;
  }
}

/** `a, b, c`, each name escaped. */
export function names(list: readonly string[], words: Pick<ConsumerWords, "listSeparator">, escape: (text: string) => string): string {
  return list.map(escape).join(words.listSeparator);
}
