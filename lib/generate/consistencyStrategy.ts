import { nameKey } from "../model/names";
import { names, type GenerateContext } from "./context";
import { markdownTable, markdownText } from "./escape";
import { humanize } from "./humanize";
import type { DesignWords } from "./i18n";

/**
 * The design document's `### 일관성 전략 (강한/최종)`: the rule in two lines, then a table of
 * every boundary with its consistency and the reason, strong ones first:
 * - inside each aggregate: strong (command, append with the expected version, outbox: one
 *   transaction), for the board's commands and the saga step commands it handles alike;
 * - saga steps whose participant is a service marked strong (a sticky of that merged service
 *   has `consistency: "strong"`): strong;
 * - service stickies marked strong: strong; a service sticky that consumes no event but performs
 *   saga steps is listed with the step commands it handles;
 * - each saga as a whole (its participants in step order, its compensations in the reverse
 *   order they would run, and the retriable steps after the pivot), the other service actions,
 *   policies and read models: eventual.
 */
export function consistencySection(context: GenerateContext, words: DesignWords): string[] {
  const { analysis } = context;
  const esc = markdownText;
  const list = (items: readonly string[]) => names(items, words, esc);
  const strongServices = new Set(
    analysis.services
      .filter((service) => service.actions.some((action) => action.consistency === "strong"))
      .map((service) => service.key),
  );

  const strong: string[][] = [];
  const eventual: string[][] = [];
  const stepCommands = stepCommandsByParticipant(context);
  for (const aggregate of analysis.aggregates) {
    const commands = unique([...aggregate.commands, ...aggregate.nodeIds.flatMap((id) => stepCommands.get(id) ?? [])]);
    strong.push([words.boundary.aggregate(esc(aggregate.name), list(commands)), words.strong, words.reason.aggregate]);
  }
  for (const saga of analysis.sagas) {
    for (const step of saga.steps) {
      const participant = step.participant;
      if (participant?.kind !== "service" || !strongServices.has(nameKey(participant.name))) continue;
      const boundary = words.boundary.sagaStep(esc(saga.name), step.index + 1, esc(participant.name), esc(step.action.name));
      strong.push([boundary, words.strong, words.reason.sagaStep]);
    }
    // A step without a participant keeps its place in the order, as `—`.
    const steps = saga.steps.map((step) => (step.participant ? esc(step.participant.name) : words.none)).join(" → ");
    // Compensations run in reverse: the last completed step is undone first.
    const compensations = saga.steps
      .flatMap((step) => (step.compensation ? [esc(humanize(step.compensation.name))] : []))
      .reverse()
      .join(" → ");
    const retried = list(saga.steps.filter((step) => step.type === "retriable").map((step) => humanize(step.action.name)));
    eventual.push([words.boundary.saga(esc(saga.name)), words.eventual, words.reason.saga(steps, compensations, retried)]);
  }
  for (const service of analysis.services) {
    for (const action of service.actions) {
      const commands = stepCommands.get(action.nodeId) ?? [];
      const boundary = words.boundary.service(esc(service.name), esc(action.action), list([...action.consumes, ...commands]));
      if (action.consistency === "strong") strong.push([boundary, words.strong, words.reason.strongService]);
      else eventual.push([boundary, words.eventual, action.consumes.length === 0 && commands.length > 0 ? words.reason.participant : words.reason.service]);
    }
  }
  for (const policy of analysis.policies) {
    eventual.push([words.boundary.policy(esc(policy.name), list(policy.triggeredBy)), words.eventual, words.reason.policy]);
  }
  for (const readModel of analysis.readModels) {
    eventual.push([words.boundary.readModel(esc(readModel.name), list(readModel.events)), words.eventual, words.reason.readModel]);
  }
  return [
    `### ${words.consistency}`,
    ...words.consistencyIntro.map((line) => `- ${line}`),
    "",
    ...markdownTable(words.consistencyHeader, [...strong, ...eventual]),
    // As the other sections do: an empty table says why it is empty.
    ...(strong.length + eventual.length === 0 ? ["", words.noBoundaries] : []),
  ];
}

/**
 * The step commands each participant sticky is sent, by its id: step by step, the action then
 * its compensation, as the participant's command channel lists them (lib/model topology).
 */
function stepCommandsByParticipant(context: GenerateContext): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  const add = (nodeId: string, name: string) => {
    const list = commands.get(nodeId) ?? [];
    if (!list.some((entry) => nameKey(entry) === nameKey(name))) list.push(name.trim());
    commands.set(nodeId, list);
  };
  for (const saga of context.analysis.sagas) {
    for (const step of saga.steps) {
      if (!step.participant) continue;
      add(step.participant.nodeId, step.action.name);
      if (step.compensation) add(step.participant.nodeId, step.compensation.name);
    }
  }
  return commands;
}

/** Names once each, by `nameKey` (a step command may be a board command entering the same aggregate). */
function unique(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    if (seen.has(nameKey(item))) continue;
    seen.add(nameKey(item));
    out.push(item);
  }
  return out;
}
