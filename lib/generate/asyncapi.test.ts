import { Parser } from "@asyncapi/parser";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { orderFlowTemplate } from "../model/template";
import { arrow, sticky, testBoard } from "../model/testBoards";
import { asyncapi, printYaml } from "./asyncapi";
import { awkwardBoard, koreanBoard, NASTY_TEXT } from "./testBoards";

/** spectral's DiagnosticSeverity.Error. */
const ERROR = 0;

async function parseDocument(text: string) {
  const { document, diagnostics } = await new Parser().parse(text);
  return { document, errors: diagnostics.filter((d) => d.severity === ERROR).map((d) => `${d.code} ${d.message} at ${d.path.join(".")}`) };
}

describe("asyncapi", () => {
  it.each([
    ["the Order template", orderFlowTemplate],
    ["a Korean-named board", koreanBoard],
    ["a board full of awkward names", awkwardBoard],
    ["a board of YAML's special strings", yamlSpecialBoard],
  ])("parses with @asyncapi/parser with no error diagnostics: %s", async (_label, board) => {
    const { document, errors } = await parseDocument(asyncapi(board()));
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
  }, 30_000);

  it("has a channel per topic, a message per event, send and receive operations, and the correlation id in the headers", async () => {
    const { document } = await parseDocument(asyncapi(orderFlowTemplate()));
    if (!document) throw new Error("no document");
    expect(document.version()).toBe("3.0.0");
    expect(document.channels().all().map((channel) => channel.address())).toEqual(["order-events"]);
    const messages = document.components().messages().all();
    expect(messages.map((message) => message.title())).toEqual(["OrderPlaced", "OrderCompleted", "OrderFailed", "OrderShipped", "OrderCancelled"]);
    for (const message of messages) {
      expect(message.correlationId()?.location()).toBe("$message.header#/correlationId");
      expect(message.headers()?.properties()?.correlationId).toBeDefined();
    }
    const operations = document.operations().all();
    const sends = operations.filter((op) => op.action() === "send").map((op) => op.id());
    const receives = operations.filter((op) => op.action() === "receive").map((op) => op.id());
    expect(sends).toEqual(["order.send.order-events", "order-saga.send.order-events"]);
    expect(receives).toEqual([
      "email-service.receive.order-events",
      "inventory-service.receive.order-events",
      "analytics-service.receive.order-events",
      "order-view.receive.order-events",
    ]);
    const email = operations.find((op) => op.id() === "email-service.receive.order-events");
    expect(email?.messages().all().map((message) => message.title())).toEqual(["OrderPlaced", "OrderShipped"]);
  });

  it("keeps every awkward name as typed in titles, with ASCII keys", () => {
    const doc = parse(asyncapi(awkwardBoard())) as {
      channels: Record<string, { address: string; title: string }>;
      components: { messages: Record<string, { title: string }> };
    };
    const titles = Object.values(doc.components.messages).map((message) => message.title);
    expect(titles).toEqual(expect.arrayContaining(["Pipe | Event", 'Quote " Event', "Back\\slash", "Line Break Happened", "🚀 Launched"]));
    for (const key of [...Object.keys(doc.components.messages), ...Object.keys(doc.channels)]) {
      expect(key).toMatch(/^[A-Za-z0-9._-]+$/u);
    }
    const channel = Object.values(doc.channels).find((entry) => entry.title === "orders-{region}");
    expect(channel?.address).toBe("orders-(region)");
  });

  it("writes Korean names as typed", () => {
    const doc = parse(asyncapi(koreanBoard())) as { channels: Record<string, { address: string }>; info: { title: string } };
    expect(doc.info.title).toBe("주문 흐름");
    expect(Object.values(doc.channels).map((channel) => channel.address)).toEqual(["주문-이벤트", "재고-이벤트", "주문-사가-events"]);
  });

  it("reads the same with a YAML 1.2 loader (yaml) and with the AsyncAPI parser's (js-yaml)", () => {
    for (const board of [orderFlowTemplate(), koreanBoard(), awkwardBoard(), yamlSpecialBoard()]) {
      const text = asyncapi(board);
      expect(load(text)).toEqual(parse(text));
    }
  });

  it("keeps YAML's special strings as strings, quoting what a YAML 1.1 reader would take for another type", () => {
    const text = asyncapi(yamlSpecialBoard());
    const doc = parse(text) as {
      channels: Record<string, { address: string; title: string }>;
      components: { messages: Record<string, { title: string; description?: string }> };
    };
    const titles = Object.values(doc.components.messages).map((message) => message.title);
    expect(titles).toEqual(YAML_SPECIAL.map((text) => text.trim()));
    expect(Object.values(doc.channels).map((channel) => channel.title)).toEqual(YAML_SPECIAL.map((text) => `${text.trim()}-topic`));
    expect(Object.values(doc.components.messages).map((message) => message.description)).toEqual(
      YAML_SPECIAL.map((text) => `${text}\n${text}`),
    );
    for (const word of ["yes", "No", "on", "OFF", "y", "null", "~", "true", "1.5", "0x1F", "2001-12-14", "12:30:00"]) {
      expect(text).toContain(`title: "${word}"`);
      expect(text.split("\n").filter((line) => line.trim() === `title: ${word}`)).toEqual([]);
    }
  });

  it("prints any string so that both loaders read it back unchanged", () => {
    const strings = [...YAML_SPECIAL, NASTY_TEXT, "", " lead", "trail ", "a\n\nb\n", "tab\there", "\u2028sep", "nul\u0000", "bom\ufeff", "*/", "--- x", "... x"];
    const data = { list: strings, map: Object.fromEntries(strings.map((text, index) => [`k${index}`, { text, nested: [text] }])) };
    const text = printYaml(data);
    expect(parse(text)).toEqual(data);
    expect(load(text)).toEqual(data);
  });
});

/** Strings that YAML reads as something else, or as syntax, unless they are quoted. */
const YAML_SPECIAL = [
  "yes", "No", "on", "OFF", "y", "null", "~", "true", "1.5", "0x1F", "2001-12-14", "12:30:00",
  "a: b", "# hash", "- dash", "? what", "[list]", "{map}", "&anchor", "*alias", "!tag", "| pipe", "> fold",
  "'single'", '"double"', "%percent", "@at", "`tick`", "trailing:", "주문 접수됨", "🚀 launched",
];

/** One event per special string, with the string as its name, topic and (two-line) description. */
function yamlSpecialBoard() {
  const events = YAML_SPECIAL.map((text, index) =>
    sticky("event", `e${index}`, text, { topic: `${text}-topic`, description: `${text}\n${text}` }),
  );
  return testBoard(
    [sticky("aggregate", "g", "Thing"), ...events],
    events.map((event) => arrow("g", event.id)),
    { name: "yes" },
  );
}
