/** What a command returns: an exit code, or a usage problem (exit 2 with help). */
export type CommandResult = { code: number } | { usage: string };

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<CommandResult>;
}
