/*
 * Broker resource names that a broker accepts and that never collide. A run's resources are named
 * after the board's channels and groups (as the design document prints them), but brokers are
 * stricter than a board: NATS names take no dots, spaces or wildcards and subjects no empty or
 * wildcard tokens, RabbitMQ names and routing keys are at most 255 bytes. Where making a name
 * acceptable makes two names one (`order.events` and `order_events` as NATS stream names), or a
 * name one of the run's own (`_direct`), the name gets `-` and a hash of the original: readable,
 * still unique, the same on every start of the run.
 */

/** FNV-1a of the UTF-16 text, 8 hex digits: short, stable, good enough to tell names apart. */
export function nameHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

const encoder = new TextEncoder();

/** `name` if it fits in `maxBytes` of UTF-8; else cut at a character boundary and suffixed with `~` and its hash. */
export function fitName(name: string, maxBytes = 255): string {
  if (encoder.encode(name).length <= maxBytes) return name;
  const suffix = `~${nameHash(name)}`;
  let cut = "";
  for (const char of name) {
    if (encoder.encode(cut + char).length + suffix.length > maxBytes) break;
    cut += char;
  }
  return cut + suffix;
}

/**
 * Each of `names` made acceptable by `accept`, distinct from each other and from `reserved`: a
 * name whose accepted form another name shares, or that is reserved, is suffixed `-<hash of the
 * name>` (by `suffix`, which may put it elsewhere, e.g. in the last token of a subject).
 */
export function distinctNames(
  names: readonly string[],
  accept: (name: string) => string,
  reserved: ReadonlySet<string> = new Set(),
  suffix: (accepted: string, hash: string) => string = (accepted, hash) => `${accepted}-${hash}`,
): Map<string, string> {
  const unique = [...new Set(names)];
  const accepted = new Map(unique.map((n) => [n, accept(n)]));
  const counts = new Map<string, number>();
  for (const a of accepted.values()) counts.set(a, (counts.get(a) ?? 0) + 1);
  return new Map(unique.map((n) => {
    const a = accepted.get(n)!;
    return [n, (counts.get(a) ?? 0) > 1 || reserved.has(a) ? suffix(a, nameHash(n)) : a];
  }));
}
