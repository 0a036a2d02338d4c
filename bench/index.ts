/**
 * `npm run bench`: every benchmark, each printing its measured figures next to the reference
 * measured in the same run (or the target). Never a pass/fail: figures are read, not asserted.
 * `npm run bench -- designer append` runs only the named ones.
 */
import os from "node:os";

interface Bench {
  name: string;
  title: string;
  run(): Promise<Record<string, unknown>[]>;
}

const BENCHES: Bench[] = [
  { name: "append", title: "Event store append vs raw pg inserts (same database, same run)", run: async () => (await import("./append")).runAppendBench() as never },
  { name: "generate", title: "Generators: every format for a 1,000-event board", run: async () => (await import("./generate")).runGenerateBench() as never },
  { name: "diff", title: "Schema evolution: the compatibility diff of two 1,000-event boards, and listing 10,000 revisions, beside references", run: async () => (await import("./diff")).runDiffBench() as never },
  { name: "run", title: "Simulation: 1,000 Order sagas, concurrency 8, embedded PostgreSQL", run: async () => (await import("./run")).runSimBench() as never },
  { name: "brokers", title: "Brokers: 1,000 Order sagas in process, on NATS JetStream and on RabbitMQ, each beside the broker's raw publish→consume rate", run: async () => (await import("./brokers")).runBrokersBench() as never },
  { name: "live", title: "Live view: trace latency over socket.io during a 1,000-saga run, unthrottled and held to 2,500 spans/s; page long tasks", run: async () => (await import("./live")).runLiveBench() as never },
  { name: "coedit", title: "Co-editing: 20 clients × 10 edits/s for 30 s on a 200-sticky board (server in a child process), beside a bare socket.io relay", run: async () => (await import("./coedit")).runCoeditBench() as never },
  { name: "designer", title: "Designer: 500 stickies / 600 edges in headless Chromium", run: async () => (await import("./designer")).runDesignerBench() as never },
];

const only = process.argv.slice(2);
console.log(`Stormflow benchmarks on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
let failed = 0;
for (const bench of BENCHES.filter((b) => only.length === 0 || only.includes(b.name))) {
  console.log(`\n== ${bench.title} ==`);
  try {
    console.table(await bench.run());
  } catch (err) {
    failed++;
    console.error(`bench ${bench.name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
