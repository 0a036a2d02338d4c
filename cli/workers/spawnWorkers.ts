import { spawn, type ChildProcess } from "node:child_process";

/*
 * The worker processes `stormflow run --workers N` starts: the same CLI, `stormflow worker
 * --broker URL --slot I/N`, with this process's environment (so the same database), each ready once
 * it says so on stderr. They are asked to stop (SIGTERM) when the run ends, and killed if they
 * have not stopped 10 s later. A worker also stops when this process goes without stopping it
 * (a signal's exit, a crash, SIGKILL): its stdin is a pipe from here, which the kernel closes
 * when this process ends (STORMFLOW_WORKER_STDIN_PARENT tells the worker to watch it), so none is
 * left behind hosting runs for nobody.
 */

export interface SpawnedWorkers {
  /** Worker processes still running. */
  alive(): number;
  /** Called once per worker that exits before `stop` (crashed, killed). */
  onExit(listener: (slot: number, code: number | null, signal: NodeJS.Signals | null) => void): void;
  stop(): Promise<void>;
}

const READY_WITHIN_MS = 60_000;

/** Set for a worker this module starts: its stdin is a pipe from its parent, and its end means the parent is gone. */
export const PARENT_PIPE_ENV = "STORMFLOW_WORKER_STDIN_PARENT";

/** Where the workers come from: this CLI (its script, its environment) unless a caller says otherwise (the bench). */
export interface SpawnOptions {
  readonly script?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export async function spawnWorkers(count: number, brokerUrl: string, log: (line: string) => void, options: SpawnOptions = {}): Promise<SpawnedWorkers> {
  const children: ChildProcess[] = [];
  const listeners: ((slot: number, code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  let stopping = false;
  const script = options.script ?? process.argv[1]!;
  const ready = Array.from({ length: count }, (_, i) => {
    const child = spawn(process.execPath, [...process.execArgv, script, "worker", "--broker", brokerUrl, "--slot", `${i + 1}/${count}`], {
      env: { ...(options.env ?? process.env), [PARENT_PIPE_ENV]: "1" },
      stdio: ["pipe", "ignore", "pipe"],
    });
    children.push(child);
    let said = "";
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${i + 1} did not say it was ready within ${READY_WITHIN_MS / 1000} s`)), READY_WITHIN_MS);
      child.stderr!.on("data", (chunk: Buffer) => {
        said += chunk.toString("utf8");
        for (;;) {
          const end = said.indexOf("\n");
          if (end < 0) break;
          const line = said.slice(0, end);
          said = said.slice(end + 1);
          if (/: ready on /.test(line)) {
            clearTimeout(timer);
            resolve();
            // Joining waits for the run's queues at first: only what goes wrong after that is said.
          } else if (!/: (joined|left) run |: stopped after |: not joined yet: /.test(line)) log(line);
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`worker ${i + 1} exited before it was ready (${signal ?? `code ${code}`})${said.trim() ? `: ${said.trim().split("\n").at(-1)}` : ""}`));
        if (!stopping) for (const listener of listeners) listener(i + 1, code, signal);
      });
    });
  });
  const workers: SpawnedWorkers = {
    alive: () => children.filter((c) => c.exitCode === null && c.signalCode === null).length,
    onExit: (listener) => void listeners.push(listener),
    async stop() {
      stopping = true;
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
              child.once("exit", () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill("SIGTERM");
            }),
        ),
      );
    },
  };
  try {
    await Promise.all(ready);
  } catch (err) {
    await workers.stop();
    throw err;
  }
  return workers;
}
