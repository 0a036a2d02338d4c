import type { Random } from "./ports/random";

/*
 * Deterministic ids and draws. An id that must come out the same when a step is retried,
 * re-issued after a restart or replayed (an event id, a correlation id) is a hash of the run id
 * and its cause; a decision that changes an outcome (does this attempt fail? is this delivery
 * duplicated?) is a hash of the seed and the decision's key. Neither depends on the order in
 * which concurrent work happened to run.
 */

/** cyrb128: four 32-bit hashes of a string (a small, well-mixed non-cryptographic hash). */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Parts joined with a separator no part can fake (a unit separator, escaped inside parts). */
function keyOf(parts: readonly (string | number)[]): string {
  return parts.map((p) => String(p).replaceAll("\u001f", "\u001f\u001f")).join("\u001f|");
}

const hex8 = (n: number) => n.toString(16).padStart(8, "0");

/** A UUID (version 8: custom) that is a hash of `parts`: the same parts, the same id. */
export function stableUuid(...parts: readonly (string | number)[]): string {
  const [a, b, c, d] = cyrb128(keyOf(parts));
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A number in [0, 1) that is a hash of `parts`: the same decision key, the same draw. */
export function unitDraw(...parts: readonly (string | number)[]): number {
  const [a, b] = cyrb128(keyOf(parts));
  // 53 bits: 21 from one hash, 32 from another.
  return ((a >>> 11) * 2 ** 32 + b) / 2 ** 53;
}

/** A seeded generator (sfc32) of numbers in [0, 1): the same seed, the same sequence. */
export function seededRandom(...seed: readonly (string | number)[]): Random {
  let [a, b, c, d] = cyrb128(keyOf(seed));
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** The partition of an ordering key: one key, one partition, so its messages stay in order. */
export function partitionOf(key: string, partitions: number): number {
  return cyrb128(key)[0] % partitions;
}

/** The logical key of an event: its cause's key, its producer and its name, hashed (no run id, no timing). */
export function logicalKeyOf(causeKey: string, producer: string, eventName: string): string {
  const [a, b] = cyrb128(keyOf([causeKey, producer, eventName]));
  return hex8(a) + hex8(b);
}
