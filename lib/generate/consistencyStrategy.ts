import { nameKey } from "../model/names";
import { names, type GenerateContext } from "./context";
import { markdownTable, markdownText } from "./escape";
import type { DesignWords } from "./i18n";

/**
 * The design document's `### 일관성 전략 (강한/최종)`: the rule in two lines, then a table of
 * every boundary with its consistency and the reason, strong ones first:
 * - inside each aggregate: strong (command, append with the expected version, outbox: one
 *   transaction);
 * - saga steps performed by a service marked strong (a service sticky of the step's service
 *   name with `consistency: "strong"`): strong;
 * - service stickies marked strong: strong;
 * - each saga as a whole, the other service actions, policies and read models: eventual.
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
  for (const aggregate of analysis.aggregates) {
    strong.push([words.boundary.aggregate(esc(aggregate.name), list(aggregate.commands)), words.strong, words.reason.aggregate]);
  }
  for (const saga of analysis.sagas) {
    saga.steps.forEach((step, index) => {
      if (!strongServices.has(nameKey(step.service))) return;
      const boundary = words.boundary.sagaStep(esc(saga.name), index + 1, esc(step.service), esc(step.action));
      strong.push([boundary, words.strong, words.reason.sagaStep]);
    });
    const steps = saga.steps.map((step) => esc(step.service)).join(" → ");
    const compensations = saga.steps
      .flatMap((step) => (step.compensation?.trim() ? [esc(step.compensation)] : []))
      .reverse()
      .join(" → ");
    eventual.push([words.boundary.saga(esc(saga.name)), words.eventual, words.reason.saga(steps, compensations)]);
  }
  for (const service of analysis.services) {
    for (const action of service.actions) {
      const boundary = words.boundary.service(esc(service.name), esc(action.action), list(action.consumes));
      if (action.consistency === "strong") strong.push([boundary, words.strong, words.reason.strongService]);
      else eventual.push([boundary, words.eventual, words.reason.service]);
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
