import { messageRouteKey, type Route } from "../../model";
import type { Message } from "../ports/records";
import type { DeliveryOutcome, Registration, Subscriber } from "./runBroker";

/** A consumer group's subscription to one message type on one channel. */
export interface Binding {
  readonly subscriber: Subscriber;
  readonly route: Route;
}

/** Who takes what: the consumer groups subscribed to a run's broker, by channel and message type. Every broker keeps one. */
export class Bindings {
  private readonly byRoute = new Map<string, Binding[]>();
  private readonly subscribers = new Map<string, Subscriber>();

  subscribe(subscriber: Subscriber, routes: readonly Route[]): void {
    this.subscribers.set(subscriber.name, subscriber);
    for (const route of routes) {
      const key = messageRouteKey(route.channel, route.type);
      this.byRoute.set(key, [...(this.byRoute.get(key) ?? []), { subscriber, route }]);
    }
  }

  registrations(): Registration[] {
    return [...this.subscribers.values()].map((subscriber) => ({
      group: subscriber.name,
      dlq: `${subscriber.name}.dlq`,
      policy: subscriber.policy,
      takes: this.all()
        .filter((b) => b.subscriber === subscriber)
        .map((b) => ({ channel: b.route.channel, type: b.route.type })),
    }));
  }

  all(): Binding[] {
    return [...this.byRoute.values()].flat();
  }

  /** The groups subscribed to a message of `type` on `channel`. */
  of(channel: string, type: string): readonly Binding[] {
    return this.byRoute.get(messageRouteKey(channel, type)) ?? [];
  }

  /** The names of the groups subscribed to a message of `type` on `channel`. */
  groupsFor(channel: string, type: string): string[] {
    return this.of(channel, type).map((b) => b.subscriber.name);
  }

  /** `group`'s binding for `message`, or why there is none (a replay to a group that does not take it). */
  forGroup(group: string, message: Message): Binding | DeliveryOutcome {
    const binding = this.of(message.topic, message.eventType).find((b) => b.subscriber.name === group);
    if (binding) return binding;
    return { status: "error", error: this.subscribers.has(group) ? `consumer group "${group}" does not take ${message.eventType} from ${message.topic}` : `no consumer group "${group}" on this board` };
  }
}
