import { describe, expect, it } from "vitest";
import { ApiError, type StoredBoard } from "@/lib/client/apiClient";
import { LIMITS } from "@/lib/model/limits";
import type { Board } from "@/lib/model/schema";
import { serializeBoard } from "@/lib/model/serialize";
import { emptyBoard } from "@/lib/model/template";
import { copyName, duplicateBoard, readImport, updateStored, type BoardsApi } from "./boardRequests";

/** A boards API over a map, recording calls; `saveFailures` are thrown by the next saves, in order. */
function fakeApi(boards: Record<string, StoredBoard>, saveFailures: unknown[] = []) {
  const calls: string[] = [];
  let next = 1;
  const api: BoardsApi = {
    list: async () => [],
    get: async (id) => {
      calls.push(`get ${id}`);
      const stored = boards[id];
      if (!stored) throw new ApiError(404, "not_found", "no board");
      return stored;
    },
    save: async (id, revision, board) => {
      calls.push(`save ${id}@${revision} ${board.name}`);
      const failure = saveFailures.shift();
      if (failure) throw failure;
      boards[id] = { id, revision: revision + 1, board };
      return { revision: revision + 1 };
    },
    create: async (board: Board) => {
      const id = `new-${next++}`;
      calls.push(`create ${board.name}`);
      return (boards[id] = { id, revision: 1, board });
    },
    remove: async () => undefined,
  };
  return { api, calls, boards };
}

const conflict = () => new ApiError(409, "conflict", "saved meanwhile");

describe("updateStored", () => {
  it("reads the stored board and saves the update over its revision", async () => {
    const { api, calls, boards } = fakeApi({ a: { id: "a", revision: 4, board: emptyBoard("Old") } });
    await updateStored(api, "a", (board) => ({ ...board, name: "New" }));
    expect(calls).toEqual(["get a", "save a@4 New"]);
    expect(boards.a?.board.name).toBe("New");
  });

  it("retries once on a conflict, on the board read again", async () => {
    const { api, calls } = fakeApi({ a: { id: "a", revision: 4, board: emptyBoard("Old") } }, [conflict()]);
    await updateStored(api, "a", (board) => ({ ...board, name: "New" }));
    expect(calls).toEqual(["get a", "save a@4 New", "get a", "save a@4 New"]);
  });

  it("gives up on a second conflict, and at once on any other error", async () => {
    const twice = fakeApi({ a: { id: "a", revision: 1, board: emptyBoard("Old") } }, [conflict(), conflict()]);
    await expect(updateStored(twice.api, "a", (b) => b)).rejects.toMatchObject({ status: 409 });
    expect(twice.calls).toHaveLength(4);
    const other = fakeApi({ a: { id: "a", revision: 1, board: emptyBoard("Old") } }, [new ApiError(500, "internal", "boom")]);
    await expect(updateStored(other.api, "a", (b) => b)).rejects.toMatchObject({ status: 500 });
    expect(other.calls).toHaveLength(2);
  });
});

describe("duplicateBoard", () => {
  it("stores a copy named 'Copy of …' and returns it", async () => {
    const { api, calls } = fakeApi({ a: { id: "a", revision: 2, board: emptyBoard("Orders") } });
    const created = await duplicateBoard(api, "a");
    expect(calls).toEqual(["get a", "create Copy of Orders"]);
    expect(created).toMatchObject({ id: "new-1", board: { name: "Copy of Orders" } });
  });

  it("cuts the copy's name to the name limit, without a trailing space", () => {
    const name = copyName(`${"x".repeat(LIMITS.nameLength - 9)} ${"y".repeat(20)}`);
    expect(name.length).toBeLessThanOrEqual(LIMITS.nameLength);
    expect(name.startsWith("Copy of ")).toBe(true);
    expect(name.endsWith(" ")).toBe(false);
  });
});

describe("readImport", () => {
  const file = (name: string, text: string, size = text.length) => ({ name, size, text: async () => text });

  it("reads a board file", async () => {
    const board = emptyBoard("Imported");
    expect(await readImport(file("a.board.json", serializeBoard(board)))).toEqual({ board });
  });

  it("refuses a file over the size limit before reading it", async () => {
    const read = await readImport({ name: "big.json", size: LIMITS.textLength + 1, text: async () => { throw new Error("read"); } });
    expect(read).toEqual({ problem: { title: expect.stringContaining("big.json"), summary: expect.stringContaining("MB"), issues: [] } });
  });

  it("locates the problems of a file that is not a board, and says when a file cannot be read", async () => {
    const notJson = await readImport(file("x.json", "{ nope"));
    expect("problem" in notJson && notJson.problem.title).toContain("x.json");
    const invalid = await readImport(file("y.json", JSON.stringify({ format: "stormflow.board", schemaVersion: 2, name: "", nodes: [], edges: [] })));
    expect("problem" in invalid && invalid.problem.issues.map((issue) => issue.path)).toContain("name");
    const unreadable = await readImport({ name: "z.json", size: 10, text: async () => { throw new Error("disk"); } });
    expect(unreadable).toEqual({ problem: { title: expect.stringContaining("z.json"), summary: expect.any(String), issues: [] } });
  });
});
