import { describe, expect, it } from "vitest";
import { isApiError } from "./apiError";
import { checkParam, checkRequestParams, MAX_PARAM_LENGTH } from "./params";

async function refusal(run: () => unknown): Promise<{ status: number; code: string; issues: { path: string; message: string }[] }> {
  try {
    await run();
  } catch (err) {
    if (isApiError(err)) return err;
    throw err;
  }
  throw new Error("expected an ApiError");
}

describe("route and query parameter checks", () => {
  it("passes ordinary ids, stream ids and cursors through unchanged", () => {
    for (const value of ["0b5e6c1a-4b1a-4f57-9e1a-2f4f2c8d9a10", "Order-12", "주문-😀", "", "x".repeat(MAX_PARAM_LENGTH)]) {
      expect(checkParam("id", value)).toBe(value);
    }
  });

  it("refuses NUL, unpaired surrogates and overlong values with a 400 naming the parameter", async () => {
    for (const [value, says] of [["a\u0000b", "U+0000"], ["\ud800", "U+D800"], ["x\udc00", "U+DC00"], ["x".repeat(MAX_PARAM_LENGTH + 1), "at most 500 characters"]] as const) {
      const error = await refusal(() => checkParam("streamId", value));
      expect(error).toMatchObject({ status: 400, code: "invalid_param" });
      expect(error.issues).toEqual([{ path: "streamId", message: expect.stringContaining(says) }]);
    }
  });

  it("checks every route param (catch-all lists too) and every query name and value of a request", async () => {
    const ok = new Request("http://t/api/x?runId=r&after=Order-1");
    await expect(checkRequestParams(ok, { params: Promise.resolve({ id: "a", slug: ["b", "c"] }) })).resolves.toBeUndefined();
    await expect(checkRequestParams(ok, undefined)).resolves.toBeUndefined();
    expect((await refusal(() => checkRequestParams(ok, { params: Promise.resolve({ slug: ["b", "c\u0000"] }) }))).issues[0]!.path).toBe("slug");
    expect((await refusal(() => checkRequestParams(new Request("http://t/?runId=r&after=a%00"), undefined))).issues[0]!.path).toBe("after");
    expect((await refusal(() => checkRequestParams(new Request("http://t/?a%00b=1"), undefined))).issues[0]!.path).toBe("query parameter name");
  });
});
