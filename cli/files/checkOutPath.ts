import { realpath, stat, statfs } from "node:fs/promises";
import path from "node:path";
import { kindOfSpecial } from "./readRegularFile";

/**
 * Kernel file systems that hold no user files: writing there means nothing or something harmful,
 * and `mkdir -p` under /proc loops for ever in Node (the ENOENT it gets back looks like a missing
 * parent), which is why `export --out /proc/x` spun at 100% CPU. By statfs magic, as Linux's
 * <linux/magic.h> numbers them, plus the usual mount points for systems where statfs says less.
 */
const SPECIAL_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x1cd1, "devpts"],
  [0xcafe4a11, "bpf"],
  [0x6e736673, "nsfs"],
]);
const SPECIAL_ROOTS = ["/proc", "/sys", "/dev"];

/**
 * Why `out` is no place to write an export, or null when it is. Checked before anything is
 * created: a path on a kernel file system (/proc, /sys, /dev, by its real path and its file
 * system type), an existing path that is neither a regular file nor a directory (a FIFO would
 * block the write, a device swallow it), and, when `directory` is set, an existing non-directory.
 */
export async function checkOutPath(out: string, { directory }: { directory: boolean }): Promise<string | null> {
  const target = path.resolve(out);
  const existing = await nearestExisting(target);
  const real = await realpath(existing).catch(() => existing);
  const root = SPECIAL_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
  const fsType = await statfs(real).then((s) => SPECIAL_FS.get(Number(s.type)), () => undefined);
  if (root || fsType) return `${out} is on a special file system (${fsType ?? root}), not a place for files`;
  if (existing !== target) return null;
  const info = await stat(target).catch(() => null);
  if (!info || info.isDirectory()) return null;
  if (!info.isFile()) return `${out} is ${kindOfSpecial(info)}; give a directory or a regular file`;
  return directory ? `${out} is a file; --format all needs a directory` : null;
}

/** `target` itself when it exists, else its closest existing parent (`/` at worst). */
async function nearestExisting(target: string): Promise<string> {
  let at = target;
  while (!(await stat(at).then(() => true, () => false))) {
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  return at;
}
