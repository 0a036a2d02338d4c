import type { BrokerTransport, RunTransport, TransportOpenOptions, TransportPlan } from "../sim/ports/transport";
import type { BrokerAddress } from "./brokerUrl";

/**
 * A broker the app is configured with (STORMFLOW_BROKERS) but has not needed yet, or lost: it
 * connects when a run first needs it, and again after the connection went away, so a broker
 * that is down when the app starts, or restarts later, costs the runs started meanwhile (503
 * `broker_unavailable`) and nothing else. Runs already on a lost connection end in error.
 */
export function lazyBroker(address: BrokerAddress, connect: (address: BrokerAddress) => Promise<BrokerTransport>): BrokerTransport {
  let inner: BrokerTransport | null = null;
  let connecting: Promise<BrokerTransport> | null = null;
  const current = async (): Promise<BrokerTransport> => {
    if (inner?.connected) return inner;
    connecting ??= connect(address).finally(() => (connecting = null));
    inner = await connecting;
    return inner;
  };
  return {
    kind: address.kind,
    id: address.id,
    get connected() {
      return inner?.connected ?? false;
    },
    async ready() {
      await current();
    },
    async open(plan: TransportPlan, options: TransportOpenOptions): Promise<RunTransport> {
      return (await current()).open(plan, options);
    },
    async removeStale(isStale) {
      return (await current()).removeStale(isStale);
    },
    async close() {
      const open = inner;
      inner = null;
      await open?.close();
    },
  };
}
