import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectPeer, insertBoard, startCoeditServer, type CoeditServer } from "../coedit/testing/harness";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model/template";
import { MAX_REFUSALS_PER_SOCKET } from "./docSocket";
import type { DocJoinReply, DocRefusal, DocUpdateReply } from "./protocol";
import { recordingClient, until, type RecordingClient } from "./testing/socketHarness";

/** Every co-editing message from a client that is not the app's is answered with a reason, never a crash or a change. */
describe("doc:* messages with bad input", () => {
  let db: TestDatabase;
  let server: CoeditServer;
  let c: RecordingClient;
  let boardId: string;
  const empty = () => Y.encodeStateVector(new Y.Doc());

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    server = await startCoeditServer(db);
    c = await recordingClient(server.url);
    boardId = (await insertBoard(db.pool, orderFlowTemplate())).id;
  }, 60_000);
  afterAll(async () => {
    c.socket.close();
    await server.close();
    await db.drop();
  });

  const ask = <T>(event: string, msg: unknown): Promise<T> =>
    new Promise((resolve) => (c.socket as unknown as { emit(e: string, m: unknown, ack: (r: T) => void): void }).emit(event, msg, resolve));
  const documentOf = async () => (await db.pool.query<{ document: unknown; revision: number }>(`SELECT document, revision FROM boards WHERE id = $1`, [boardId])).rows[0]!;

  it("names the field of a malformed join, and refuses an unknown board", async () => {
    expect(await ask<DocRefusal>("doc:join", { boardId: "not-a-uuid", stateVector: empty() })).toMatchObject({ ok: false, code: "bad_request", message: expect.stringMatching(/^doc:join: boardId: must be a board id/) });
    expect(await ask<DocRefusal>("doc:join", { boardId, stateVector: "AAA=" })).toMatchObject({ ok: false, code: "bad_request", message: expect.stringMatching(/stateVector: must be binary/) });
    expect(await ask<DocRefusal>("doc:join", { boardId, stateVector: empty(), extra: 1 })).toMatchObject({ ok: false, code: "bad_request" });
    expect(await ask<DocRefusal>("doc:join", { boardId: randomUUID(), stateVector: empty() })).toMatchObject({ ok: false, code: "not_found" });
    expect(await ask<DocRefusal>("doc:join", { boardId, stateVector: new Uint8Array([255, 255, 255]) })).toMatchObject({ ok: false, code: "bad_request", message: expect.stringMatching(/not a Yjs state vector/) });
  });

  it("refuses updates before a join, garbage updates and updates outside a board, and changes nothing", async () => {
    const before = await documentOf();
    expect(await ask<DocUpdateReply>("doc:update", { boardId, update: new Uint8Array([0, 0]) })).toMatchObject({ ok: false, code: "not_joined" });
    const join = await ask<DocJoinReply>("doc:join", { boardId, stateVector: empty() });
    expect(join.ok).toBe(true);
    expect(await ask<DocUpdateReply>("doc:update", { boardId, update: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) })).toMatchObject({ ok: false, code: "refused" });
    // A well-formed Yjs update that writes a root type no board has.
    const stray = new Y.Doc();
    stray.getArray("payload").insert(0, ["x"]);
    expect(await ask<DocUpdateReply>("doc:update", { boardId, update: Y.encodeStateAsUpdate(stray) })).toMatchObject({ ok: false, code: "refused", message: expect.stringMatching(/"payload", which is not part of a board/) });
    // A sticky that is a plain value instead of a map.
    const flat = new Y.Doc();
    flat.getMap("nodes").set("evt-x", "just text");
    expect(await ask<DocUpdateReply>("doc:update", { boardId, update: Y.encodeStateAsUpdate(flat) })).toMatchObject({ ok: false, code: "refused" });
    // An update that depends on structs the server never saw is not applied half-way.
    const other = new Y.Doc();
    other.getMap("board").set("name", "first");
    const sv = Y.encodeStateVector(other);
    other.getMap("board").set("name", "second");
    expect(await ask<DocUpdateReply>("doc:update", { boardId, update: Y.encodeStateAsUpdate(other, sv) })).toMatchObject({ ok: false, code: "refused" });
    expect(await ask<DocRefusal>("doc:update", { boardId, update: 42 })).toMatchObject({ ok: false, code: "bad_request", message: expect.stringMatching(/update: must be binary/) });
    await server.hub.flush(boardId);
    const after = await documentOf();
    expect(after.document).toEqual(before.document);
  });

  it("answers a bad presence message with an error event, and leaves other peers' presence intact", async () => {
    const peer = await connectPeer(server.url, boardId, orderFlowTemplate(), 1, "Ann");
    try {
      await ask<DocJoinReply>("doc:join", { boardId, stateVector: empty() });
      c.socket.emit("presence", { boardId, update: new Uint8Array([9, 9, 9]) } as never);
      await until("an error event", () => c.errors.some((e) => e.code === "bad_request" && /presence/.test(e.message)));
      c.socket.emit("presence", { boardId: "x", update: new Uint8Array([]) } as never);
      await until("a second error event", () => c.errors.filter((e) => e.code === "bad_request").length >= 2);
      expect(c.socket.connected).toBe(true);
    } finally {
      peer.close();
    }
  });

  it("refuses a presence update that speaks for another participant", async () => {
    const ann = await connectPeer(server.url, boardId, orderFlowTemplate(), 1, "Ann");
    const bo = await connectPeer(server.url, boardId, orderFlowTemplate(), 1, "Bo");
    const mallory = await recordingClient(server.url);
    try {
      await until("Bo sees Ann", () => bo.session.getParticipants().some((p) => p.user.name === "Ann"));
      const annId = bo.session.getParticipants().find((p) => p.user.name === "Ann")!.clientId;
      const joined = await new Promise<DocJoinReply>((r) => (mallory.socket as unknown as { emit(e: string, m: unknown, ack: (x: DocJoinReply) => void): void }).emit("doc:join", { boardId, stateVector: empty() }, r));
      expect(joined.ok).toBe(true);
      // Mallory renames Ann to "Mallory" by sending an awareness state under Ann's client id, then tries to make her leave.
      const doc = new Y.Doc();
      doc.clientID = annId;
      const fake = new Awareness(doc);
      fake.setLocalState({ user: { name: "Mallory", color: "#000000" }, cursor: null, selection: [], viewport: null });
      mallory.socket.emit("presence", { boardId, update: encodeAwarenessUpdate(fake, [annId]) } as never);
      await until("refused", () => mallory.errors.some((e) => /another participant/.test(e.message)));
      fake.setLocalState(null);
      mallory.socket.emit("presence", { boardId, update: encodeAwarenessUpdate(fake, [annId]) } as never);
      await until("refused again", () => mallory.errors.filter((e) => /another participant/.test(e.message)).length === 2);
      fake.destroy();
      await new Promise((r) => setTimeout(r, 200));
      expect(bo.session.getParticipants().map((p) => p.user.name)).toContain("Ann");
      expect(bo.session.getParticipants().map((p) => p.user.name)).not.toContain("Mallory");
    } finally {
      mallory.socket.close();
      ann.close();
      bo.close();
    }
  });

  it("caps the boards one socket co-edits at once", async () => {
    const ids = await Promise.all([0, 1, 2, 3, 4].map(async () => (await insertBoard(db.pool, orderFlowTemplate())).id));
    const d = await recordingClient(server.url);
    try {
      const answers: DocJoinReply[] = [];
      for (const id of ids) {
        answers.push(await new Promise<DocJoinReply>((r) => (d.socket as unknown as { emit(e: string, m: unknown, ack: (x: DocJoinReply) => void): void }).emit("doc:join", { boardId: id, stateVector: empty() }, r)));
      }
      expect(answers.slice(0, 4).every((a) => a.ok)).toBe(true);
      expect(answers[4]).toMatchObject({ ok: false, code: "bad_request", message: expect.stringMatching(/at most 4 boards/) });
    } finally {
      d.socket.close();
    }
  });
});

describe("a client that keeps sending refused updates", () => {
  it("is disconnected after MAX_REFUSALS_PER_SOCKET of them", async () => {
    const db = await createTestDatabase(inject("pgUrl"));
    const server = await startCoeditServer(db);
    const c = await recordingClient(server.url);
    try {
      const { id } = await insertBoard(db.pool, orderFlowTemplate());
      const emit = (event: string, msg: unknown) => new Promise<{ ok: boolean; code?: string }>((r) => (c.socket as unknown as { emit(e: string, m: unknown, ack: (x: { ok: boolean }) => void): void }).emit(event, msg, r));
      expect((await emit("doc:join", { boardId: id, stateVector: Y.encodeStateVector(new Y.Doc()) })).ok).toBe(true);
      for (let i = 0; i < MAX_REFUSALS_PER_SOCKET - 1; i++) expect(await emit("doc:update", { boardId: id, update: new Uint8Array([7, 7, 7]) })).toMatchObject({ ok: false, code: "refused" });
      expect(c.socket.connected).toBe(true);
      void emit("doc:update", { boardId: id, update: new Uint8Array([7, 7, 7]) });
      await until("disconnected", () => c.disconnectReason !== null);
      expect(c.errors.some((e) => /refused edits/.test(e.message))).toBe(true);
    } finally {
      c.socket.close();
      await server.close();
      await db.drop();
    }
  });
});
