import type { BrokerAddress } from "./brokerUrl";

/*
 * AMQP 0-9-1 cannot list a broker's queues or exchanges: only RabbitMQ's management plugin (an
 * HTTP API, by default on port 15672) can. It is optional on a broker, so everything here is best
 * effort: a broker without it (or one that refuses the URL's user there) lists nothing, and
 * resources a crash left stay until a run of the same namespace opens fresh or an operator
 * removes them.
 */

export interface Listing {
  readonly queues: readonly string[];
  readonly exchanges: readonly string[];
}

const TIMEOUT_MS = 3000;

/** The queues and exchanges of the URL's virtual host, or null when the management API does not answer. */
export async function listResources(address: BrokerAddress, managementUrl?: string): Promise<Listing | null> {
  const { user, password, vhost } = credentialsOf(address.url);
  const base = (managementUrl ?? `http://${address.host}:15672`).replace(/\/$/, "");
  const headers = { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
  const names = async (kind: "queues" | "exchanges"): Promise<string[] | null> => {
    try {
      const response = await fetch(`${base}/api/${kind}/${encodeURIComponent(vhost)}?columns=name`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) return null;
      const body: unknown = await response.json();
      if (!Array.isArray(body)) return null;
      return body.map((entry: { name?: unknown }) => entry?.name).filter((name): name is string => typeof name === "string");
    } catch {
      return null;
    }
  };
  const [queues, exchanges] = await Promise.all([names("queues"), names("exchanges")]);
  return queues && exchanges ? { queues, exchanges } : null;
}

/** What amqplib logs in with: the URL's user and password (guest/guest when the URL names neither) and virtual host. */
export function credentialsOf(url: string): { user: string; password: string; vhost: string } {
  const parsed = new URL(url);
  const anyGiven = parsed.username !== "" || parsed.password !== "";
  const user = anyGiven ? decodeURIComponent(parsed.username) : "guest";
  const password = anyGiven ? decodeURIComponent(parsed.password) : "guest";
  const path = parsed.pathname.replace(/^\//, "");
  return { user, password, vhost: path === "" ? "/" : decodeURIComponent(path) };
}
