import fs from "node:fs";
import path from "node:path";

/** Who holds an embedded data folder: written by the process that started its PostgreSQL. */
export interface InstanceInfo {
  pid: number;
  port: number;
  password: string;
  startedAt: string;
}

const LOCK_FILE = "instance.json";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live holder of `dataDir`, or null when the folder is free (a stale lock is removed). */
export function readLiveInstance(dataDir: string): InstanceInfo | null {
  const file = path.join(dataDir, LOCK_FILE);
  let info: InstanceInfo;
  try {
    info = JSON.parse(fs.readFileSync(file, "utf8")) as InstanceInfo;
  } catch {
    return null;
  }
  if (info.pid === process.pid || isAlive(info.pid)) return info;
  fs.rmSync(file, { force: true });
  return null;
}

/**
 * Claims `dataDir` for this process. Exclusive create (`wx`) makes two processes
 * racing for one folder see exactly one winner; the loser gets false.
 */
export function claimInstance(dataDir: string, info: InstanceInfo): boolean {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(info, null, 2), { flag: "wx", mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

export function releaseInstance(dataDir: string): void {
  const file = path.join(dataDir, LOCK_FILE);
  try {
    const info = JSON.parse(fs.readFileSync(file, "utf8")) as InstanceInfo;
    if (info.pid === process.pid) fs.rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}
