/*
 * The shape every language's dictionary of an area shares. The English dictionary is written
 * `as const`-free object literals; `Dictionary<typeof english>` widens its texts to `string` and
 * keeps its functions' parameters, so `korean satisfies Dictionary<typeof english>` fails to
 * compile when Korean lacks a key, has an extra one, or a function takes other arguments.
 */

/** `T` with every string literal widened to `string`, recursively; functions keep their parameters. */
export type Dictionary<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Dictionary<R>
    : T extends readonly (infer E)[]
      ? readonly Dictionary<E>[]
      : T extends object
        ? { readonly [K in keyof T]: Dictionary<T[K]> }
        : T;

/**
 * Where two dictionaries differ in shape: keys one has and the other lacks, values of different
 * types, functions of different arity. Empty when they match. For the tests, which check at run
 * time what `satisfies` checks at compile time (a cast could slip past the compiler).
 */
export function shapeDifferences(a: unknown, b: unknown, path = ""): string[] {
  if (typeof a !== typeof b) return [`${path || "(root)"}: ${typeof a} vs ${typeof b}`];
  if (typeof a === "function") {
    const fa = a as (...args: unknown[]) => unknown;
    const fb = b as (...args: unknown[]) => unknown;
    return fa.length === fb.length ? [] : [`${path}: ${fa.length} vs ${fb.length} parameters`];
  }
  if (typeof a !== "object" || a === null || b === null) return [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
  return [...keys].flatMap((key) => {
    const here = path ? `${path}.${key}` : key;
    if (!(key in a)) return [`${here}: missing in the first`];
    if (!(key in (b as object))) return [`${here}: missing in the second`];
    return shapeDifferences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], here);
  });
}
