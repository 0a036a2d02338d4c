import { describe, expect, it } from "vitest";
import { checkRequestLine, MAX_URL_LENGTH, SERVED_METHODS } from "./requestLine";

describe("checkRequestLine", () => {
  it("lets every served method through with ordinary paths and queries, in any case", () => {
    for (const method of [...SERVED_METHODS, "get", "Post"]) {
      for (const url of ["/", "/api/boards", "/api/boards/0b5e6c1a-4b1a-4f57-9e1a-2f4f2c8d9a10?x=%E0%A4%A", "/boards/%EC%A3%BC%EB%AC%B8", "/a%2Fb", "/socket.io/?EIO=4&transport=polling"]) {
        expect(checkRequestLine(method, url), `${method} ${url}`).toBeNull();
      }
    }
  });

  it("refuses every method the app does not serve with 405 and an Allow header: TRACE, CONNECT, WebDAV, made-up ones", () => {
    for (const method of ["TRACE", "trace", "TRACK", "CONNECT", "PROPFIND", "FOO", "M-SEARCH", "", "GET POST", "GE\u0000T"]) {
      const refusal = checkRequestLine(method, "/api/boards");
      expect(refusal, JSON.stringify(method)).toMatchObject({ status: 405, code: "method_not_allowed", allow: SERVED_METHODS.join(", ") });
      expect(refusal!.message).toContain(JSON.stringify(method.slice(0, 20)));
    }
    // The method is shown JSON-escaped and cut short.
    expect(checkRequestLine(`X${"Y".repeat(100)}\u0000`, "/")!.message).not.toContain("\u0000");
  });

  it("refuses a path with malformed percent-encoding or an encoded NUL with 400 bad_path", () => {
    for (const url of ["/api/boards/%E0%A4%A", "/api/boards/%zz", "/api/boards/%", "/api/streams/%C0%AF/events", "/api/boards/%ED%A0%80", "/x/%E0%A4%A?ok=1"]) {
      const refusal = checkRequestLine("GET", url);
      expect(refusal, url).toMatchObject({ status: 400, code: "bad_path" });
      expect(refusal!.message).toContain("malformed percent-encoding");
    }
    expect(checkRequestLine("GET", "/api/streams/a%00b/events")).toMatchObject({ status: 400, code: "bad_path", message: expect.stringContaining("NUL") });
  });

  it("refuses a target longer than the limit with 414", () => {
    expect(checkRequestLine("GET", `/${"a".repeat(MAX_URL_LENGTH)}`)).toMatchObject({ status: 414, code: "uri_too_long" });
    expect(checkRequestLine("GET", `/${"a".repeat(MAX_URL_LENGTH - 1)}`)).toBeNull();
  });
});
