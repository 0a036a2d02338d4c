import { describe, expect, it } from "vitest";
import {
  RESERVED_WORDS,
  camelCase,
  eventTypeOf,
  isTsIdentifier,
  kebabCase,
  nameKey,
  pascalCase,
  toTsIdentifier,
  uniqueIdentifiers,
  words,
} from "./names";

describe("words", () => {
  it.each([
    ["OrderPlaced", ["Order", "Placed"]],
    ["orderPlaced", ["order", "Placed"]],
    ["HTTPRequestFailed", ["HTTP", "Request", "Failed"]],
    ["XMLHttpRequest", ["XML", "Http", "Request"]],
    ["Version2Released", ["Version2", "Released"]],
    ["order_placed", ["order", "placed"]],
    ["ORDER-PLACED", ["ORDER", "PLACED"]],
    ["  order   placed ", ["order", "placed"]],
    ["Order */ Placed", ["Order", "Placed"]],
    ["a|b\nc\td", ["a", "b", "c", "d"]],
    ["주문생성됨", ["주문생성됨"]],
    ["주문 생성됨", ["주문", "생성됨"]],
    ["주문·결제", ["주문", "결제"]],
    ["주문Placed", ["주문", "Placed"]],
    ["🚀 Launched", ["u1f680", "Launched"]],
    ["Straße geändert", ["Straße", "geändert"]],
  ])("%j -> %j", (name, expected) => {
    expect(words(name)).toEqual(expected);
  });

  it("treats composed and decomposed Unicode alike", () => {
    const composed = "café"; // U+00E9
    const decomposed = "cafe\u0301"; // e + combining acute
    expect(words(decomposed)).toEqual(words(composed));
    expect(words("\u1112\u1161\u11AB")).toEqual(["한"]); // Hangul jamo, NFD
  });

  it("drops variation selectors and zero-width joiners", () => {
    expect(words("❤️ Liked")).toEqual(words("❤ Liked"));
    expect(words("👨‍👩‍👧 joined")).toEqual(["u1f468", "u1f469", "u1f467", "joined"]);
  });

  it("escapes names made only of punctuation, so they stay distinct", () => {
    expect(words("!!!")).toEqual(["u21", "u21", "u21"]);
    expect(words("!!!")).not.toEqual(words("???"));
  });

  it("splits ASCII names (its fast path) exactly as the Unicode rules do", () => {
    // A non-ASCII word after a space sends a name down the Unicode path without changing the
    // words before it, so both paths can be compared on thousands of generated names.
    const pieces = ["a", "b", "z", "A", "B", "Z", "0", "9", "HTTP", "Request", "xY", "Ab", " ", "_", "-", ".", "|", "*/", "\n", "\t", "!", "~", "\u007f", "\u0000"];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let name = "";
      for (let k = 1 + next(8); k > 0; k--) name += pieces[next(pieces.length)];
      const unicode = words(`${name} é`);
      if (unicode.length === 1) continue; // no word at all: both paths escape each character
      expect(words(name), JSON.stringify(name)).toEqual(unicode.slice(0, -1));
    }
  });
});

describe("eventTypeOf", () => {
  it.each([
    ["OrderPlaced", "order.placed", "ORDER_PLACED", "OrderPlaced"],
    ["HTTPRequestFailed", "http.request.failed", "HTTP_REQUEST_FAILED", "HttpRequestFailed"],
    ["order placed", "order.placed", "ORDER_PLACED", "OrderPlaced"],
    ["Payment v2 received", "payment.v2.received", "PAYMENT_V2_RECEIVED", "PaymentV2Received"],
    ["주문생성됨", "주문생성됨", "주문생성됨", "주문생성됨"],
    ["주문 생성됨", "주문.생성됨", "주문_생성됨", "주문생성됨"],
    ["🚀 Launched", "u1f680.launched", "U1F680_LAUNCHED", "U1f680Launched"],
  ])("%j -> %s | %s | %s", (name, dotted, screaming, pascal) => {
    expect(eventTypeOf(name, "dotted")).toBe(dotted);
    expect(eventTypeOf(name, "screaming")).toBe(screaming);
    expect(eventTypeOf(name, "pascal")).toBe(pascal);
  });

  it("gives different non-ASCII names different types", () => {
    const names = ["주문생성됨", "주문취소됨", "🚀", "🎉", "🚀🎉", "注文済み", "Заказ создан", "!!!", "???"];
    const types = names.map((name) => eventTypeOf(name, "dotted"));
    expect(new Set(types).size).toBe(names.length);
  });

  it("only produces letters, digits and the style's separator", () => {
    const names = ["Order */ Placed", "a|b", "line\nbreak", "🚀 Launched", "주문 생성됨", "émoji 😀 ok", "!!"];
    for (const name of names) {
      expect(eventTypeOf(name, "dotted")).toMatch(/^[\p{Ll}\p{Lo}\p{N}\p{M}]+(\.[\p{Ll}\p{Lo}\p{N}\p{M}]+)*$/u);
      expect(eventTypeOf(name, "screaming")).toMatch(/^[\p{Lu}\p{Lo}\p{N}\p{M}]+(_[\p{Lu}\p{Lo}\p{N}\p{M}]+)*$/u);
      expect(eventTypeOf(name, "pascal")).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
    }
  });

  it("is stable: the same input gives the same output", () => {
    expect(eventTypeOf("🚀 주문 Placed", "dotted")).toBe("u1f680.주문.placed");
    expect(eventTypeOf("🚀 주문 Placed", "dotted")).toBe(eventTypeOf("🚀 주문 Placed", "dotted"));
  });
});

describe("case helpers", () => {
  it("kebab, pascal and camel case", () => {
    expect(kebabCase("Order")).toBe("order");
    expect(kebabCase("OrderSaga")).toBe("order-saga");
    expect(kebabCase("Inventory Service")).toBe("inventory-service");
    expect(kebabCase("주문 서비스")).toBe("주문-서비스");
    expect(pascalCase("order placed")).toBe("OrderPlaced");
    expect(pascalCase("ORDER_PLACED")).toBe("OrderPlaced");
    expect(camelCase("Order placed")).toBe("orderPlaced");
    expect(camelCase("HTTPRequestFailed")).toBe("httpRequestFailed");
    expect(camelCase("주문 생성됨")).toBe("주문생성됨");
    expect(camelCase("")).toBe("");
  });

  it("nameKey: trimmed, case-insensitive, spaces collapsed, normalised", () => {
    expect(nameKey("  Order  Placed ")).toBe("order placed");
    expect(nameKey("ORDER")).toBe(nameKey("order"));
    expect(nameKey("cafe\u0301")).toBe(nameKey("café"));
  });
});

describe("toTsIdentifier", () => {
  it.each([
    ["OrderPlaced", "OrderPlaced"],
    ["주문생성됨", "주문생성됨"],
    ["주문 생성됨", "주문_생성됨"],
    ["Order placed", "Order_placed"],
    ["Order */ Placed", "Order_Placed"],
    ["a | b", "a_b"],
    ["line\nbreak", "line_break"],
    ["2fa", "_2fa"],
    ["3 items", "_3_items"],
    ["class", "class_"],
    ["yield", "yield_"],
    ["await", "await_"],
    ["arguments", "arguments_"],
    ["string", "string_"],
    ["Class", "Class"],
    ["", "_"],
    ["   ", "_"],
    ["$ref", "$ref"],
    ["_private", "_private"],
    ["Rocket🚀", "Rocket_u1f680"],
    ["🚀", "u1f680"],
    ["❤️", "u2764"],
    ["!!", "u21_u21"],
    ["naïve", "naïve"],
  ])("%j -> %s", (name, expected) => {
    expect(toTsIdentifier(name)).toBe(expected);
  });

  it("always returns a valid identifier that is not reserved", () => {
    const names = ["*/", "`${x}`", "a\u0000b", "\u0301x", "0", "delete", "Ω", "x-y.z", "😀😀", "\u200D", "💩 */ \n |"];
    for (const name of [...names, ...RESERVED_WORDS]) {
      const id = toTsIdentifier(name);
      expect(isTsIdentifier(id), `${JSON.stringify(name)} -> ${id}`).toBe(true);
      expect(id).not.toContain("*/");
    }
  });

  it("covers the reserved words of strict-mode TypeScript", () => {
    for (const word of ["implements", "interface", "let", "package", "private", "protected", "public", "static", "enum", "void"]) {
      expect(RESERVED_WORDS.has(word)).toBe(true);
    }
  });
});

describe("uniqueIdentifiers", () => {
  it("suffixes collisions with _2, _3 in order, and maps repeated names once", () => {
    const ids = uniqueIdentifiers(["a b", "a_b", "a-b", "a b", "c"]);
    expect([...ids]).toEqual([
      ["a b", "a_b"],
      ["a_b", "a_b_2"],
      ["a-b", "a_b_3"],
      ["c", "c"],
    ]);
  });

  it("skips suffixes that a real name already took", () => {
    const ids = uniqueIdentifiers(["x_2", "x", "x!"]);
    expect([...ids.values()]).toEqual(["x_2", "x", "x_3"]);
  });

  it("takes the identifier function as a parameter", () => {
    const ids = uniqueIdentifiers(["order placed", "OrderPlaced"], (name) => toTsIdentifier(pascalCase(name)));
    expect([...ids.values()]).toEqual(["OrderPlaced", "OrderPlaced_2"]);
  });
});
