import { afterEach, describe, expect, it, vi } from "vitest";
import { handle } from "./handle";

afterEach(() => vi.restoreAllMocks());

const request = () => new Request("http://test/api/boards", { method: "GET" });

describe("handle", () => {
  it("answers 503 database_unavailable when the database cannot be reached, with one log line and no stack", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const res = await handle(async () => {
      throw new Error("listing boards failed", { cause: refused });
    })(request(), undefined);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("database_unavailable");
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]).toEqual(["stormflow: GET /api/boards: database unavailable (connect ECONNREFUSED 127.0.0.1:5432)"]);
  });

  it("still answers 500 internal, logged, for a bug", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await handle(async () => {
      throw new TypeError("x is undefined");
    })(request(), undefined);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("internal");
    expect(error).toHaveBeenCalledTimes(1);
  });
});
