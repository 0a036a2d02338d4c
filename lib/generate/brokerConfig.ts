import { DEFAULTS } from "../model/defaults";
import type { Channel, ChannelMessage, ConsumerGroup } from "../model/topology";
import { names, type GenerateContext } from "./context";
import { markdownCode, markdownTable, markdownText } from "./escape";
import type { DesignWords } from "./i18n";
import { retryPolicyText } from "./retryPolicyText";

/**
 * The design document's `### 메시지 브로커 설정 (토픽/큐 구성)`, printed from the board's
 * topology (lib/model `deriveTopology`, the derivation the simulator registers) and nothing else:
 * a table of every channel (event topics, participants' command channels, sagas' reply
 * channels) with its messages and partition key, a table of every consumer group (its name, its
 * consumer, what it subscribes to per channel, its own retry policy and its dead-letter queue),
 * then the delivery rules (outbox, at-least-once to idempotent consumers, ordering, saga
 * messages, DLQ, correlation id).
 */
export function brokerSection(context: GenerateContext, words: DesignWords): string[] {
  const { channels, groups } = context.topology;
  const channelRows = channels.map((channel) => [
    markdownCode(channel.name),
    channel.messages.map((message) => messageLabel(message, words)).join(words.listSeparator),
    partitionKeyCell(channel, words),
  ]);
  const groupRows = groups.map((group) => [
    markdownCode(group.name),
    `${markdownText(group.consumer)} (${words.kindNames[group.kind]})`,
    subscriptions(group, words),
    retryPolicyText(group.policy, words.retry),
    markdownCode(group.dlq),
  ]);
  // The saga note goes after the ordering rule, and only where sagas send messages.
  const hasSagaChannels = channels.some((channel) => channel.kind !== "events");
  const notes = hasSagaChannels ? [...words.brokerNotes.slice(0, 3), words.sagaNote, ...words.brokerNotes.slice(3)] : words.brokerNotes;
  return [
    `### ${words.broker}`,
    ...markdownTable(words.topicsHeader, channelRows),
    ...(channels.length === 0 ? ["", words.noEvents] : []),
    "",
    ...markdownTable(words.groupsHeader, groupRows),
    ...(groups.length === 0 ? ["", words.noConsumers] : []),
    "",
    ...notes.map((note) => `- ${note}`),
  ];
}

/** An event by its name; a saga's command or reply with its kind in words: `ReserveInventory (command)`. */
function messageLabel(message: ChannelMessage, words: DesignWords): string {
  const name = markdownText(message.name);
  return message.kind === "event" ? name : `${name} (${words.messageKinds[message.kind]})`;
}

/** The channel's partition keys, and what they keep in order. */
function partitionKeyCell(channel: Channel, words: DesignWords): string {
  if (channel.partitionKeys.length === 0) return words.none;
  const keys = channel.partitionKeys.map(markdownCode).join(words.listSeparator);
  const note =
    channel.kind !== "events"
      ? words.partitionKeyNote.saga
      : channel.partitionKeys.every((key) => key === DEFAULTS.partitionKey)
        ? words.partitionKeyNote.aggregate
        : words.partitionKeyNote.field;
  return `${keys} ${note}`;
}

/** `` `order-events`: OrderPlaced, OrderShipped; `order-saga.replies`: … ``: the group's routes by channel, in order. */
function subscriptions(group: ConsumerGroup, words: DesignWords): string {
  const byChannel = new Map<string, string[]>();
  for (const route of group.routes) {
    const list = byChannel.get(route.channel) ?? [];
    if (!list.includes(route.name)) list.push(route.name);
    byChannel.set(route.channel, list);
  }
  return [...byChannel].map(([channel, messages]) => `${markdownCode(channel)}: ${names(messages, words, markdownText)}`).join("; ");
}
