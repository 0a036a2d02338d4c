import { describe, expect, it } from "vitest";
import { attachment } from "./contentDisposition";

describe("attachment (RFC 6266 / 8187)", () => {
  it("names an ASCII file plainly, with the same name in filename*", () => {
    expect(attachment("order-flow.md")).toBe(`attachment; filename="order-flow.md"; filename*=UTF-8''order-flow.md`);
  });

  it("gives a Korean name an ASCII fallback and the exact name percent-encoded in UTF-8", () => {
    const header = attachment("주문-흐름.design.md");
    expect(header).toContain('filename="board.design.md"');
    expect(header).toContain("filename*=UTF-8''%EC%A3%BC%EB%AC%B8-%ED%9D%90%EB%A6%84.design.md");
    expect(attachment("order-흐름.ts")).toContain('filename="order.ts"');
  });

  it("never lets a quote, a backslash or a separator into the header", () => {
    const header = attachment(`a"b\\c;d'(e).md`);
    expect(header).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[A-Za-z0-9._~%-]+$/u);
  });
});
