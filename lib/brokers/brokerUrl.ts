/*
 * Broker URLs as users write them (`nats://127.0.0.1:4222`, `amqp://guest:guest@127.0.0.1:5672`):
 * checked, and printed without their password wherever a run or an error names them.
 */

export type BrokerKind = "nats" | "rabbitmq";

export interface BrokerAddress {
  readonly kind: BrokerKind;
  /** As given: what the client connects with. */
  readonly url: string;
  /** Without the password: the broker's id in runs, reports and messages. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

const DEFAULT_PORTS: Record<string, number> = { "nats:": 4222, "amqp:": 5672, "amqps:": 5671 };

/** A broker that cannot be used, said in one line naming host, port and cause. */
export class BrokerError extends Error {
  override readonly name = "BrokerError";
  constructor(
    readonly code: "invalid_url" | "unreachable" | "refused_credentials" | "broker_failed",
    message: string,
  ) {
    super(message);
  }
}

/** Parses a broker URL (BrokerError `invalid_url` naming what is wrong). */
export function parseBrokerUrl(text: string): BrokerAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BrokerError("invalid_url", `"${shown(text)}" is not a broker URL: write nats://HOST:PORT or amqp://USER:PASSWORD@HOST:PORT`);
  }
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  if (url.protocol !== "nats:" && url.protocol !== "amqp:" && url.protocol !== "amqps:") {
    throw new BrokerError("invalid_url", `"${redact(url)}" names no broker Stormflow runs on: use nats:// (NATS JetStream) or amqp:// (RabbitMQ)`);
  }
  if (!url.hostname || port === undefined) throw new BrokerError("invalid_url", `"${shown(text)}" has no host: write ${url.protocol}//HOST:PORT`);
  return { kind: url.protocol === "nats:" ? "nats" : "rabbitmq", url: text, id: redact(url), host: url.hostname, port };
}

/** A URL as typed that did not parse, for a message: its userinfo (a password, a token) masked, on one line, clipped. */
function shown(text: string): string {
  const masked = text.replace(/(\/\/)[^/?#]*@/, "$1***@").replace(/[\u0000-\u001f\u007f]/g, " ");
  return masked.length > 200 ? `${masked.slice(0, 199)}…` : masked;
}

function redact(url: URL): string {
  const copy = new URL(url.href);
  // NATS takes `nats://TOKEN@host` for token auth: a user name without a password is a secret there.
  if (url.protocol === "nats:" && !url.password) copy.username = "";
  copy.password = "";
  // `amqp://guest@host:5672` rather than `amqp://guest:@host:5672`.
  return copy.href.replace(/:@/, "@").replace(/\/$/, "");
}
