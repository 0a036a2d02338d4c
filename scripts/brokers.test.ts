import { describe, expect, it, vi } from "vitest";
import { ensureBrokerBinaries, type BrokerBinaries, type InstallHost } from "./brokers";

const ALL: BrokerBinaries = { natsServer: "/usr/sbin/nats-server", rabbitmqServer: "/usr/lib/rabbitmq/bin/rabbitmq-server", epmd: "/usr/bin/epmd" };

/** A machine with `before` installed, and `after` (default: everything) once apt ran. */
function host({ before, after = ALL, ...rest }: Partial<Omit<InstallHost, "find" | "run">> & { before: BrokerBinaries; after?: BrokerBinaries }) {
  let installed = false;
  const run = vi.fn((_command: string, _env: NodeJS.ProcessEnv) => {
    installed = true;
    return true;
  });
  return { debian: true, root: false, ...rest, find: () => (installed ? after : before), run } satisfies InstallHost;
}

describe("ensureBrokerBinaries", () => {
  it("returns what is installed without running anything", () => {
    const h = host({ before: ALL, root: true });
    expect(ensureBrokerBinaries(["nats", "rabbitmq"], h)).toEqual(ALL);
    expect(h.run).not.toHaveBeenCalled();
  });

  it("installs only the missing package with apt when root on Debian, logging to /tmp", () => {
    const h = host({ before: { natsServer: ALL.natsServer }, root: true });
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(ensureBrokerBinaries(["nats", "rabbitmq"], h)).toEqual(ALL);
    expect(h.run).toHaveBeenCalledWith("(apt-get update && apt-get install -y rabbitmq-server) >/tmp/stormflow-brokers-install.log 2>&1", expect.objectContaining({ DEBIAN_FRONTEND: "noninteractive" }));
  });

  it("installs both packages in one apt run when both are missing, whichever was asked for", () => {
    const h = host({ before: {}, root: true });
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(ensureBrokerBinaries(["nats"], h)).toEqual(ALL);
    expect(h.run).toHaveBeenCalledTimes(1);
    expect(h.run.mock.calls[0]![0]).toContain("apt-get install -y nats-server rabbitmq-server");
  });

  it("counts rabbitmq-server without Erlang's epmd as missing", () => {
    const h = host({ before: { natsServer: ALL.natsServer, rabbitmqServer: ALL.rabbitmqServer } });
    expect(() => ensureBrokerBinaries(["rabbitmq"], h)).toThrow(/apt-get install -y rabbitmq-server/);
  });

  it("names the exact command when not root", () => {
    const h = host({ before: {} });
    expect(() => ensureBrokerBinaries(["nats", "rabbitmq"], h)).toThrow("Install as root: sudo sh -c 'apt-get update && apt-get install -y nats-server rabbitmq-server'");
    expect(h.run).not.toHaveBeenCalled();
  });

  it("says what failed when the install did not bring the programs", () => {
    const h = host({ before: { rabbitmqServer: ALL.rabbitmqServer, epmd: ALL.epmd }, after: {}, root: true });
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(() => ensureBrokerBinaries(["nats"], h)).toThrow("installing nats-server failed (log: /tmp/stormflow-brokers-install.log). Run as root: apt-get update && apt-get install -y nats-server");
  });

  it("points elsewhere than apt off Debian", () => {
    const h = host({ before: {}, debian: false });
    expect(() => ensureBrokerBinaries(["nats"], h)).toThrow(/package manager, or point STORMFLOW_TEST_NATS_URL/);
  });
});
