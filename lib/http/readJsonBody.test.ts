import { describe, expect, it } from "vitest";
import { isClientAbort } from "./aborted";
import { isApiError, type ApiError } from "./apiError";
import { readJsonBody } from "./readJsonBody";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request("http://t/api/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function refusal(request: Request, max?: number): Promise<ApiError> {
  try {
    await readJsonBody(request, max);
  } catch (err) {
    if (isApiError(err)) return err;
    throw err;
  }
  throw new Error("expected an ApiError");
}

describe("readJsonBody", () => {
  it("returns the parsed body, emoji and any script included", async () => {
    expect(await readJsonBody(post('{"name":"주문 😀","n":[1,{"a":null}]}'))).toEqual({ name: "주문 😀", n: [1, { a: null }] });
  });

  it("refuses prototype keys at any depth and bad text in any key or string, naming each place (400 unsafe_input)", async () => {
    const error = await refusal(post('{"a":[{"b":{"__proto__":{}}}],"s":"x\\u0000","t":"\\ud800","k\\udfff":1,"constructor":2}'));
    expect(error).toMatchObject({ status: 400, code: "unsafe_input" });
    expect(error.issues.map((i) => i.path)).toEqual(["a[0].b.__proto__", "s", "t", '["k\\udfff"]', "constructor"]);
    expect(error.message).toContain("a[0].b.__proto__: the key \"__proto__\" is not allowed at any depth");
  });

  it("keeps its earlier answers: empty 400, not JSON 400, too large 413", async () => {
    expect(await refusal(post(" "))).toMatchObject({ status: 400, code: "empty_body" });
    expect(await refusal(post("{nope"))).toMatchObject({ status: 400, code: "not_json" });
    expect(await refusal(post("[1,2,3]", { "content-length": "9999" }), 100)).toMatchObject({ status: 413, code: "too_large" });
    expect(await refusal(post(JSON.stringify("x".repeat(200))), 100)).toMatchObject({ status: 413, code: "too_large" });
  });

  it("a body that fails mid-way (the client went away) is 499 request_aborted, whatever the stream's error", async () => {
    for (const failure of [Object.assign(new Error("aborted"), { code: "ECONNRESET" }), new TypeError("terminated")]) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"a":'));
          controller.error(failure);
        },
      });
      const error = await refusal(post(body));
      expect(error).toMatchObject({ status: 499, code: "request_aborted" });
      expect((error as Error).cause).toBe(failure);
    }
  });
});

describe("isClientAbort", () => {
  it("knows Node's aborted request and a fetch abort after the request's signal fired", () => {
    expect(isClientAbort(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))).toBe(true);
    const controller = new AbortController();
    const request = new Request("http://t/", { signal: controller.signal });
    const abort = new DOMException("The operation was aborted", "AbortError");
    expect(isClientAbort(abort, request)).toBe(false);
    controller.abort();
    expect(isClientAbort(abort, request)).toBe(true);
  });

  it("is narrow: a database connection reset or any other error stays a server error", () => {
    expect(isClientAbort(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(false);
    expect(isClientAbort(new Error("aborted"))).toBe(false);
    expect(isClientAbort("aborted")).toBe(false);
    expect(isClientAbort(new TypeError("x is undefined"))).toBe(false);
  });
});
