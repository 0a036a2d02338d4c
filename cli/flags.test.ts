import { describe, expect, it } from "vitest";
import { parseFlags } from "./flags";

const spec = { values: ["--mode"], repeatable: ["--earlier"], switches: ["--json"] };

describe("parseFlags", () => {
  it("splits files, values (both spellings), repeated values and switches", () => {
    const parsed = parseFlags(["a", "--mode", "full", "b", "--earlier=x", "--earlier", "y", "--json"], spec);
    expect(parsed).toEqual({ positional: ["a", "b"], values: new Map([["--mode", "full"]]), repeated: new Map([["--earlier", ["x", "y"]]]), switches: new Set(["--json"]) });
    expect(parseFlags(["--mode=a=b"], spec)).toMatchObject({ values: new Map([["--mode", "a=b"]]) });
  });

  it("refuses the same mistakes for every command", () => {
    expect(parseFlags(["--nope"], spec)).toEqual({ usage: "unknown option --nope" });
    expect(parseFlags(["--mode"], spec)).toEqual({ usage: "--mode needs a value" });
    expect(parseFlags(["--mode="], spec)).toEqual({ usage: "--mode needs a value" });
    expect(parseFlags(["--mode", "a", "--mode", "b"], spec)).toEqual({ usage: "--mode is given twice" });
    expect(parseFlags(["--json", "--json"], spec)).toEqual({ usage: "--json is given twice" });
    expect(parseFlags(["--json=yes"], spec)).toEqual({ usage: "--json takes no value" });
  });
});
