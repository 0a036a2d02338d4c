import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

/*
 * The broker programs the integration tests start when the machine runs no NATS or RabbitMQ of
 * its own (lib/brokers/testing/testBrokers.ts): Debian's `nats-server` and `rabbitmq-server`.
 * Missing and root on Debian: installed with apt, as scripts/chromium.ts does for Chromium.
 * Otherwise an Error naming the exact command to run.
 */

export type BrokerProgram = "nats" | "rabbitmq";

export interface BrokerBinaries {
  natsServer?: string;
  /**
   * The server script itself: on Debian `/usr/lib/rabbitmq/bin/rabbitmq-server`, not the
   * `/usr/sbin` wrapper, which switches to user rabbitmq and drops the HOME we give it.
   */
  rabbitmqServer?: string;
  /** Erlang's port mapper, started per throwaway node so nothing outlives it. */
  epmd?: string;
}

const PACKAGES: Record<BrokerProgram, string> = { nats: "nats-server", rabbitmq: "rabbitmq-server" };
const INSTALL_LOG = "/tmp/stormflow-brokers-install.log";

/** The command that installs Debian's packages for `programs`. */
export function installCommand(programs: readonly BrokerProgram[]): string {
  return `apt-get update && apt-get install -y ${programs.map((p) => PACKAGES[p]).join(" ")}`;
}

/** What ensureBrokerBinaries looks at and runs (tests replace it). */
export interface InstallHost {
  find(): BrokerBinaries;
  debian: boolean;
  root: boolean;
  /** Runs a shell command as scripts/chromium.ts does; true when it exited 0. */
  run(command: string, env: NodeJS.ProcessEnv): boolean;
}

const HOST: InstallHost = {
  find: () => findBrokerBinaries(),
  debian: fs.existsSync("/etc/debian_version"),
  root: os.userInfo().uid === 0,
  run: (command, env) => spawnSync("sh", ["-c", command], { stdio: "inherit", env }).status === 0,
};

const ALL: readonly BrokerProgram[] = ["nats", "rabbitmq"];

/**
 * Paths of the programs asked for. When one is missing, root on Debian installs every missing
 * broker package in one apt run (the tests need both: the other would be installed moments later);
 * anyone else gets an Error with the exact command.
 */
export function ensureBrokerBinaries(programs: readonly BrokerProgram[], host: InstallHost = HOST): BrokerBinaries {
  let found = host.find();
  let missing = programs.filter((p) => !has(found, p));
  if (missing.length === 0) return found;
  missing = ALL.filter((p) => !has(found, p));
  const command = installCommand(missing);
  const names = missing.map((p) => PACKAGES[p]);
  if (host.debian && host.root) {
    console.log(`stormflow: the integration tests' throwaway brokers need ${names.join(" and ")}: installing Debian's packages (${command}, log ${INSTALL_LOG})…`);
    const ok = host.run(`(${command}) >${INSTALL_LOG} 2>&1`, { ...process.env, DEBIAN_FRONTEND: "noninteractive" });
    found = host.find();
    if (ok && programs.every((p) => has(found, p))) return found;
    throw new Error(`stormflow: installing ${names.join(" and ")} failed (log: ${INSTALL_LOG}). Run as root: ${command}`);
  }
  const urls = missing.map((p) => (p === "nats" ? "STORMFLOW_TEST_NATS_URL=nats://HOST:PORT" : "STORMFLOW_TEST_AMQP_URL=amqp://USER:PASSWORD@HOST:PORT")).join(" / ");
  throw new Error(
    host.debian
      ? `stormflow: the integration tests need ${names.join(" and ")} for throwaway brokers. Install as root: sudo sh -c '${command}' (or point ${urls} at a running broker)`
      : `stormflow: the integration tests need ${names.join(" and ")} for throwaway brokers: install it with your package manager, or point ${urls} at a running broker`,
  );
}

function has(found: BrokerBinaries, program: BrokerProgram): boolean {
  return program === "nats" ? !!found.natsServer : !!found.rabbitmqServer && !!found.epmd;
}

/** Where the programs are, without installing anything (Debian puts servers in /usr/sbin, often off a user's PATH). */
export function findBrokerBinaries(): BrokerBinaries {
  return {
    natsServer: which("nats-server"),
    rabbitmqServer: firstExisting(["/usr/lib/rabbitmq/bin/rabbitmq-server"]) ?? which("rabbitmq-server"),
    epmd: which("epmd") ?? firstExisting(["/usr/lib/erlang/bin/epmd"]),
  };
}

function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), "/usr/local/sbin", "/usr/sbin", "/sbin"];
  return firstExisting(dirs.map((d) => path.join(d, name)));
}

function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}
