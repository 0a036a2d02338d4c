/*
 * The command line of a command, split into its parts with one set of rules, so every command
 * refuses the same mistakes the same way: an unknown option, a value missing (`--mode` last, or
 * `--mode=`), a flag given twice (only repeatable ones add up), a value given to a switch.
 * `--flag value` and `--flag=value` are the same.
 */

export interface FlagSpec {
  /** Options that take a value, once. */
  readonly values?: readonly string[];
  /** Options that take a value and may be repeated (their values in order). */
  readonly repeatable?: readonly string[];
  /** Options without a value. */
  readonly switches?: readonly string[];
}

export interface ParsedFlags {
  /** The arguments that are not options (files), in order. */
  readonly positional: string[];
  readonly values: Map<string, string>;
  readonly repeated: Map<string, string[]>;
  readonly switches: Set<string>;
}

export function parseFlags(argv: readonly string[], spec: FlagSpec): ParsedFlags | { usage: string } {
  const parsed: ParsedFlags = { positional: [], values: new Map(), repeated: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) {
      parsed.positional.push(arg);
      continue;
    }
    const [flag = "", inline] = arg.split(/=(.*)/su, 2);
    if (spec.switches?.includes(flag)) {
      if (inline !== undefined) return { usage: `${flag} takes no value` };
      if (parsed.switches.has(flag)) return { usage: `${flag} is given twice` };
      parsed.switches.add(flag);
      continue;
    }
    const repeatable = spec.repeatable?.includes(flag) ?? false;
    if (!repeatable && !spec.values?.includes(flag)) return { usage: `unknown option ${flag}` };
    const value = inline ?? argv[++i];
    if (value === undefined || value === "") return { usage: `${flag} needs a value` };
    if (repeatable) parsed.repeated.set(flag, [...(parsed.repeated.get(flag) ?? []), value]);
    else if (parsed.values.has(flag)) return { usage: `${flag} is given twice` };
    else parsed.values.set(flag, value);
  }
  return parsed;
}
