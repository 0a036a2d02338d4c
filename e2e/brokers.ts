/*
 * The brokers the e2e server is started with (its STORMFLOW_BROKERS, set in playwright.config.ts):
 * - the real NATS JetStream and RabbitMQ that scripts/e2e.ts found or started the way the
 *   integration tests do (lib/brokers/testing/testBrokers.ts), handed over as
 *   STORMFLOW_E2E_NATS_URL and STORMFLOW_E2E_AMQP_URL;
 * - two that nothing answers on: a NATS on port 1, and a RabbitMQ on port 2 whose URL carries a
 *   password no page may show.
 * Run through Playwright alone (without scripts/e2e.ts) there are none: the server offers no
 * broker, every other spec runs as before, and brokers.spec.ts fails saying how to run it.
 */

export interface E2eBroker {
  readonly kind: "nats" | "rabbitmq";
  /** What the server is configured with (the RabbitMQ one holds a password). */
  readonly url: string;
  /** The URL as the app must show it: the password left out (`amqp://user@host:port`). */
  readonly shown: string;
  /** `host:port`, as an error about it names it. */
  readonly hostPort: string;
  /** The URL's password ("" for none). */
  readonly password: string;
}

/** A NATS nothing listens on: runs on it must be refused. */
export const UNREACHABLE_NATS_URL = "nats://127.0.0.1:1";
/** A RabbitMQ nothing listens on, with a password that must appear nowhere the app shows. */
export const UNREACHABLE_AMQP_URL = "amqp://stormflow-e2e:not-for-your-eyes-7f3a@127.0.0.1:2";

export interface E2eBrokers {
  readonly nats: E2eBroker;
  readonly rabbitmq: E2eBroker;
  readonly unreachableNats: E2eBroker;
  readonly unreachableRabbitmq: E2eBroker;
  /** In STORMFLOW_BROKERS's order. */
  readonly all: readonly E2eBroker[];
}

/** The e2e brokers, or null when scripts/e2e.ts handed none over. */
export function e2eBrokers(env: NodeJS.ProcessEnv = process.env): E2eBrokers | null {
  const natsUrl = env.STORMFLOW_E2E_NATS_URL;
  const amqpUrl = env.STORMFLOW_E2E_AMQP_URL;
  if (!natsUrl || !amqpUrl) return null;
  const nats = describe(natsUrl);
  const rabbitmq = describe(amqpUrl);
  const unreachableNats = describe(UNREACHABLE_NATS_URL);
  const unreachableRabbitmq = describe(UNREACHABLE_AMQP_URL);
  return { nats, rabbitmq, unreachableNats, unreachableRabbitmq, all: [nats, rabbitmq, unreachableNats, unreachableRabbitmq] };
}

/** STORMFLOW_BROKERS for the e2e server ("" when scripts/e2e.ts handed no brokers over). */
export function e2eBrokersSetting(env: NodeJS.ProcessEnv = process.env): string {
  return e2eBrokers(env)?.all.map((b) => b.url).join(",") ?? "";
}

function describe(url: string): E2eBroker {
  // Written out here rather than taken from lib/brokers/brokerUrl.ts: the spec checks the app's redaction against it.
  const match = /^(nats|amqp):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^:/]+):(\d+)\/?$/.exec(url);
  if (!match) throw new Error(`e2e brokers: ${url.replace(/:[^:@/]*@/, "@")} is not nats://HOST:PORT or amqp://USER:PASSWORD@HOST:PORT`);
  const [, scheme, user, password, host, port] = match;
  return {
    kind: scheme === "nats" ? "nats" : "rabbitmq",
    url,
    shown: `${scheme}://${user ? `${user}@` : ""}${host}:${port}`,
    hostPort: `${host}:${port}`,
    password: password ?? "",
  };
}
