import { topicsOf } from "./consumerGroups";
import { names, type GenerateContext } from "./context";
import { markdownCode, markdownTable, markdownText } from "./escape";
import type { DesignWords } from "./i18n";
import { deadLetterQueueName, lastRetryDelayMs, RETRY_POLICY } from "./retryPolicy";

/** The partition key of every topic: events of one aggregate stay in order (board-format.md). */
export const PARTITION_KEY = "aggregateId";

/**
 * The design document's `### 메시지 브로커 설정 (토픽/큐 구성)`: a table of topics with their
 * events and partition key, a table of consumer groups (one per consumer) with what they
 * subscribe to, their retry policy and dead-letter queue, then the delivery rules (outbox,
 * at-least-once to idempotent consumers, ordering, DLQ, correlation id).
 */
export function brokerSection(context: GenerateContext, words: DesignWords): string[] {
  const topics = topicsOf(context).map(({ topic, events }) => [
    markdownCode(topic),
    names(events.map((event) => event.name), words, markdownText),
    `${markdownCode(PARTITION_KEY)} ${words.partitionKey}`,
  ]);
  const retry = words.retryPolicy({
    maxAttempts: RETRY_POLICY.maxAttempts,
    firstDelay: words.milliseconds(RETRY_POLICY.initialDelayMs),
    lastDelay: words.milliseconds(lastRetryDelayMs()),
  });
  const groups = context.consumerGroups;
  const groupRows = groups.map((group) => [
    markdownCode(group.id),
    `${markdownText(group.name)} (${words.kindNames[group.kind]})`,
    group.topics
      .map((topic) => {
        const events = group.events.filter((event) => event.topic === topic).map((event) => event.name);
        return `${markdownCode(topic)}: ${names(events, words, markdownText)}`;
      })
      .join("; "),
    retry,
    markdownCode(deadLetterQueueName(group.id)),
  ]);
  return [
    `### ${words.broker}`,
    ...markdownTable(words.topicsHeader, topics),
    ...(topics.length === 0 ? ["", words.noEvents] : []),
    "",
    ...markdownTable(words.groupsHeader, groupRows),
    ...(groups.length === 0 ? ["", words.noConsumers] : []),
    "",
    ...words.brokerNotes.map((note) => `- ${note}`),
  ];
}
