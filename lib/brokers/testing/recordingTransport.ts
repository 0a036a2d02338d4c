import type { Message } from "@/lib/sim/ports/records";
import type { BrokerTransport, RunTransport, TransportPlan } from "@/lib/sim/ports/transport";

/** What a run published and what its groups received, as the broker carried them. */
export interface Recording {
  plan: TransportPlan | null;
  /** Per `channel|key`: message ids in publish order (and their types). */
  readonly published: Map<string, { id: string; type: string }[]>;
  /** Per `group|channel|key`: message ids in the order the group was handed them (first deliveries on the channel only). */
  readonly received: Map<string, string[]>;
  redelivered: number;
}

/**
 * A transport that records, around a real one: for tests of per-key order at every consumer
 * (each group gets one key's messages of the types it takes in the order they were published).
 */
export function recordingTransport(inner: BrokerTransport, into?: Recording): { transport: BrokerTransport; recording: Recording } {
  // Several transports (a driver's and its workers', in one test process) may record into one.
  const recording: Recording = into ?? { plan: null, published: new Map(), received: new Map(), redelivered: 0 };
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  const transport: BrokerTransport = {
    kind: inner.kind,
    id: inner.id,
    get connected() {
      return inner.connected;
    },
    ready: () => inner.ready(),
    removeStale: (isStale) => inner.removeStale(isStale),
    close: () => inner.close(),
    async open(plan, options) {
      recording.plan = plan;
      const run = await inner.open(plan, options);
      const wrapped: RunTransport = {
        resources: () => run.resources(),
        publish(channel: string, partition: number, message: Message) {
          push(recording.published, `${channel}|${message.key}`, { id: message.messageId, type: message.eventType });
          return run.publish(channel, partition, message);
        },
        sendTo: (group, channel, partition, message) => run.sendTo(group, channel, partition, message),
        deadLetter: (group, message, attempts, lastError) => run.deadLetter(group, message, attempts, lastError),
        notify: (notice) => run.notify(notice),
        consume: (handle, lost, consumeOptions) =>
          run.consume((inbound) => {
            if (inbound.redelivered) recording.redelivered++;
            // A type the group does not take may share its partition's consumer (NATS): it is acknowledged unhandled, so not counted.
            else if (!inbound.direct && takes(plan, inbound.group, inbound.message.topic, inbound.message.eventType)) {
              push(recording.received, `${inbound.group}|${inbound.message.topic}|${inbound.message.key}`, inbound.message.messageId);
            }
            return handle(inbound);
          }, lost, consumeOptions),
        close: (o) => run.close(o),
      };
      return wrapped;
    },
  };
  return { transport, recording };
}

function takes(plan: TransportPlan, group: string, channel: string, type: string): boolean {
  return plan.bindings.some((b) => b.group === group && b.channel === channel && b.types.includes(type));
}

/** Per group, channel and key: what the group should have got (the published ids of the types it takes, in order) next to what it got. */
export function orderReport(recording: Recording): { expected: Record<string, string[]>; actual: Record<string, string[]> } {
  const expected: Record<string, string[]> = {};
  const actual: Record<string, string[]> = {};
  for (const binding of recording.plan?.bindings ?? []) {
    for (const [channelKey, messages] of recording.published) {
      const [channel, key] = [channelKey.slice(0, channelKey.indexOf("|")), channelKey.slice(channelKey.indexOf("|") + 1)];
      if (channel !== binding.channel) continue;
      const ids = messages.filter((m) => binding.types.includes(m.type)).map((m) => m.id);
      if (ids.length === 0) continue;
      const name = `${binding.group}|${channel}|${key}`;
      expected[name] = ids;
      actual[name] = recording.received.get(name) ?? [];
    }
  }
  return { expected, actual };
}
