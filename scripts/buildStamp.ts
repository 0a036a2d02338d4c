import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";

/** What `next build` reads: a change to any of these makes the production build stale. */
const INPUTS = ["app", "components", "lib", "public", "next.config.js", "tsconfig.json", "package-lock.json", "postcss.config.mjs"];
const SKIP = /(^|\/)(generated|node_modules|\.next)(\/|$)|\.test\.tsx?$/;

/** A hash of the build inputs' paths, sizes and mtimes: cheap, and changes on every edit. */
export function sourceStamp(root: string): string {
  const hash = createHash("sha256");
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      return;
    }
    if (SKIP.test(rel)) return;
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) walk(path.join(rel, name));
    } else {
      hash.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  for (const input of INPUTS) walk(input);
  return hash.digest("hex");
}

const STAMP_FILE = ".next/stormflow-build-stamp";

/** True when `.next` holds a production build of exactly the current sources. */
export function buildIsCurrent(root: string): boolean {
  try {
    return (
      fs.existsSync(path.join(root, ".next/BUILD_ID")) &&
      fs.readFileSync(path.join(root, STAMP_FILE), "utf8") === sourceStamp(root)
    );
  } catch {
    return false;
  }
}

export function writeBuildStamp(root: string): void {
  fs.writeFileSync(path.join(root, STAMP_FILE), sourceStamp(root));
}
