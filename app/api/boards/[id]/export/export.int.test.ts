import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { exportFiles } from "@/lib/generate/exportAll";
import { FORMAT_IDS, FORMATS } from "@/lib/generate/formats";
import { orderFlowTemplate } from "@/lib/model/template";
import { getServices } from "@/lib/services/registry";
import { wireTestServices } from "@/lib/services/testing/testServices";
import * as collection from "../../route";
import { GET } from "./route";

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const exportReq = (id: string, query: string) => new Request(`http://test/api/boards/${id}/export?${query}`);

describe("GET /api/boards/:id/export over real PostgreSQL", () => {
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    ({ teardown } = await wireTestServices(inject("pgUrl")));
  });
  afterAll(async () => teardown());

  async function create(board = orderFlowTemplate()): Promise<string> {
    const res = await collection.POST(
      new Request("http://test/api/boards", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(board) }),
      undefined,
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  it("serves every format of the saved board with its content type and download name", async () => {
    const id = await create();
    for (const format of FORMAT_IDS) {
      const res = await GET(exportReq(id, `format=${format}`), ctx(id));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(FORMATS[format].contentType);
      const name = FORMATS[format].fileName(orderFlowTemplate());
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
      expect(await res.text()).toBe(FORMATS[format].generate(orderFlowTemplate()));
    }
    const types = await Promise.all(
      ["markdown", "typescript", "asyncapi", "mermaid", "jsonschema"].map(async (format) => (await GET(exportReq(id, `format=${format}`), ctx(id))).headers.get("content-type")),
    );
    expect(types).toEqual([
      "text/markdown; charset=utf-8",
      "text/typescript; charset=utf-8",
      "application/yaml; charset=utf-8",
      "text/plain; charset=utf-8",
      "application/schema+json; charset=utf-8",
    ]);
  });

  it("writes the documents in the language asked for", async () => {
    const id = await create();
    const res = await GET(exportReq(id, "format=markdown&lang=ko"), ctx(id));
    expect(res.headers.get("content-disposition")).toContain('filename="order-flow.ko.md"');
    expect(await res.text()).toBe(FORMATS.markdown.generate(orderFlowTemplate(), { lang: "ko" }));
    const design = await GET(exportReq(id, "format=design&lang=en"), ctx(id));
    expect(await design.text()).toContain("## Event-Driven Architecture Design");
  });

  it("serves all formats as a zip", async () => {
    const id = await create();
    const res = await GET(exportReq(id, "format=all"), ctx(id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toContain('filename="order-flow.zip"');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const expected = exportFiles(orderFlowTemplate());
    expect(Object.keys(files)).toEqual(expected.map((file) => file.name));
    for (const file of expected) expect(strFromU8(files[file.name] ?? new Uint8Array())).toBe(file.content);
  });

  it("names a Korean board's download with filename* in UTF-8", async () => {
    const id = await create({ ...orderFlowTemplate(), name: "주문 흐름" });
    const res = await GET(exportReq(id, "format=typescript"), ctx(id));
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="board.ts"; filename*=UTF-8''${encodeURIComponent("주문-흐름")}.ts`,
    );
  });

  it("refuses a bad format or language with 400 naming the parameter and the allowed values", async () => {
    const id = await create();
    const badFormat = await GET(exportReq(id, "format=pdf"), ctx(id));
    expect(badFormat.status).toBe(400);
    const body = (await badFormat.json()).error;
    expect(body.code).toBe("invalid_query");
    expect(body.message).toContain('"format"');
    expect(body.message).toContain("markdown, design, typescript, asyncapi, mermaid, jsonschema, svg, all");
    expect(body.issues).toEqual([{ path: "format", message: "must be one of markdown, design, typescript, asyncapi, mermaid, jsonschema, svg, all" }]);

    const noFormat = await GET(exportReq(id, ""), ctx(id));
    expect(noFormat.status).toBe(400);
    expect((await noFormat.json()).error.message).toContain('"format" is required');

    const badLang = await GET(exportReq(id, "format=markdown&lang=fr"), ctx(id));
    expect(badLang.status).toBe(400);
    const langBody = (await badLang.json()).error;
    expect(langBody.message).toContain('"lang"');
    expect(langBody.issues).toEqual([{ path: "lang", message: "must be one of en, ko" }]);
  });

  it("is 404 for a board that does not exist", async () => {
    const res = await GET(exportReq("no-such-board", "format=markdown"), ctx("no-such-board"));
    expect(res.status).toBe(404);
  });

  it("the TypeScript contracts carry an event's earlier versions from the board's history, with upcasters", async () => {
    const v1 = orderFlowTemplate();
    const id = await create(v1);
    const placed = v1.nodes.find((n) => n.kind === "event" && n.name === "OrderPlaced")!;
    const v2 = { ...v1, nodes: v1.nodes.map((n) => (n.id === placed.id && n.kind === "event" ? { ...n, version: 2, payload: [...n.payload, { name: "currency", type: "string" as const }] } : n)) };
    await getServices().boards.save(id, 1, v2);
    // A later save that does not touch contracts: the history still has version 1.
    await getServices().boards.save(id, 2, { ...v2, name: "Orders v2" });
    const ts = await (await GET(exportReq(id, "format=typescript"), ctx(id))).text();
    expect(ts).toContain("export interface OrderPlacedPayloadV1 {");
    expect(ts).toContain("export type UpcastOrderPlacedV1ToV2 = (event: OrderPlacedEventV1) => OrderPlacedEvent;");
    const zip = unzipSync(new Uint8Array(await (await GET(exportReq(id, "format=all"), ctx(id))).arrayBuffer()));
    const tsInZip = Object.entries(zip).find(([name]) => name.endsWith(".ts"))!;
    expect(strFromU8(tsInZip[1])).toBe(ts);
    // A board whose events are all at version 1 exports exactly as before.
    const plain = await create(v1);
    expect(await (await GET(exportReq(plain, "format=typescript"), ctx(plain))).text()).toBe(FORMATS.typescript.generate(v1));
  });
});
