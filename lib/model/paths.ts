/** Longest object key shown in a path; a longer (hostile) key is cut, so messages stay short. */
const MAX_KEY_LENGTH = 40;

/**
 * Writes a location in a board the way a person reads it in JavaScript:
 * `["nodes", 3, "payload", 0, "name"]` becomes `nodes[3].payload[0].name`. Keys that are not
 * plain identifiers are quoted: `nodes[0]["my key"]`. The empty path (the whole file) is `""`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && isPlainKey(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(truncate(String(segment), MAX_KEY_LENGTH))}]`;
  }
  return out;
}

function isPlainKey(key: string): boolean {
  return key.length <= MAX_KEY_LENGTH && /^[A-Za-z_$][\w$]*$/.test(key);
}

/** `text` cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
