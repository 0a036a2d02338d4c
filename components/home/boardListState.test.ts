import { describe, expect, it } from "vitest";
import { ApiError, type BoardSummary } from "@/lib/client/apiClient";
import { ModelError } from "@/lib/model/errors";
import {
  boardListReducer,
  boardsOf,
  creatingTemplate,
  freshName,
  INITIAL_BOARD_LIST,
  messageOf,
  problemOf,
  type BoardListAction,
  type BoardListState,
} from "./boardListState";

const summary = (id: string, name = id): BoardSummary => ({ id, name, revision: 1, updatedAt: "2026-01-01T00:00:00.000Z", nodeCount: 3 });
const run = (state: BoardListState, ...actions: BoardListAction[]) => actions.reduce(boardListReducer, state);
const ready = run(INITIAL_BOARD_LIST, { type: "loaded", boards: [summary("a", "Alpha"), summary("b", "Beta")] });

describe("boardListReducer: loading", () => {
  it("starts loading, shows the boards, and lists none until they are there", () => {
    expect(INITIAL_BOARD_LIST.list).toEqual({ status: "loading" });
    expect(boardsOf(INITIAL_BOARD_LIST)).toEqual([]);
    expect(boardsOf(ready).map((b) => b.id)).toEqual(["a", "b"]);
    expect(run(ready, { type: "loadStarted" }).list).toEqual({ status: "loading" });
  });

  it("a failed shown load turns into the error state; a failed silent refresh keeps the list it has", () => {
    expect(run(INITIAL_BOARD_LIST, { type: "loadFailed", message: "down", silent: false }).list).toEqual({ status: "error", message: "down" });
    expect(run(ready, { type: "loadFailed", message: "down", silent: true })).toBe(ready);
    expect(run(ready, { type: "loadFailed", message: "down", silent: false }).list).toEqual({ status: "error", message: "down" });
    // A silent refresh with nothing to keep shows the error too.
    expect(run(INITIAL_BOARD_LIST, { type: "loadFailed", message: "down", silent: true }).list.status).toBe("error");
  });
});

describe("boardListReducer: creating and importing", () => {
  const problem = { title: "Could not create", summary: "no", issues: [] };

  it("creating clears the problem shown; a failure ends it and shows its problem", () => {
    const shown = run(ready, { type: "importRefused", problem });
    const creating = run(shown, { type: "createStarted", creating: "template:order-flow" });
    expect(creating).toMatchObject({ creating: "template:order-flow", problem: null });
    expect(creatingTemplate(creating.creating)).toBe("order-flow");
    expect(creatingTemplate("new")).toBeNull();
    expect(creatingTemplate(null)).toBeNull();
    expect(run(creating, { type: "createFailed", problem })).toMatchObject({ creating: null, problem });
  });

  it("an import clears the problem before it is read, and a dismissed problem goes", () => {
    const shown = run(ready, { type: "importRefused", problem });
    expect(shown.problem).toBe(problem);
    expect(run(shown, { type: "importStarted" }).problem).toBeNull();
    expect(run(shown, { type: "problemDismissed" }).problem).toBeNull();
  });
});

describe("boardListReducer: a row's rename, duplicate and errors", () => {
  it("rename: starting clears the row's error; saving renames in place and leaves edit mode", () => {
    const failed = run(ready, { type: "rowRequestFailed", id: "a", message: "Rename failed. x" });
    const editing = run(failed, { type: "renameStarted", id: "a" });
    expect(editing).toMatchObject({ renamingId: "a", rowErrors: {} });
    const busy = run(editing, { type: "rowRequestStarted", id: "a", busy: "rename" });
    expect(busy.rowBusy).toEqual({ a: "rename" });
    const renamed = run(busy, { type: "renamed", id: "a", name: "Alpha 2" }, { type: "rowRequestEnded", id: "a" });
    expect(boardsOf(renamed).map((b) => b.name)).toEqual(["Alpha 2", "Beta"]);
    expect(renamed).toMatchObject({ renamingId: null, rowBusy: {} });
  });

  it("rename: cancelling clears the error; closing on an unchanged name keeps it", () => {
    const editingWithError = run(ready, { type: "renameStarted", id: "b" }, { type: "rowRequestFailed", id: "b", message: "nope" });
    expect(run(editingWithError, { type: "renameCancelled", id: "b" })).toMatchObject({ renamingId: null, rowErrors: {} });
    expect(run(editingWithError, { type: "renameClosed" })).toMatchObject({ renamingId: null, rowErrors: { b: "nope" } });
  });

  it("a failed request shows its error on that row only, until dismissed or the next request", () => {
    const failed = run(ready, { type: "rowRequestStarted", id: "b", busy: "duplicate" }, { type: "rowRequestFailed", id: "b", message: "Duplicate failed. x" }, { type: "rowRequestEnded", id: "b" });
    expect(failed).toMatchObject({ rowBusy: {}, rowErrors: { b: "Duplicate failed. x" } });
    expect(run(failed, { type: "rowErrorDismissed", id: "b" }).rowErrors).toEqual({});
    expect(run(failed, { type: "rowRequestStarted", id: "b", busy: "duplicate" }).rowErrors).toEqual({});
    expect(run(failed, { type: "rowRequestStarted", id: "a", busy: "rename" }).rowErrors).toEqual({ b: "Duplicate failed. x" });
  });

  it("a duplicate marks the new board fresh", () => {
    expect(run(ready, { type: "duplicated", id: "c" }).freshId).toBe("c");
  });

  it("changes to the list wait for the list: before it loads they change nothing else", () => {
    expect(run(INITIAL_BOARD_LIST, { type: "renamed", id: "a", name: "x" }).list).toEqual({ status: "loading" });
    expect(run(INITIAL_BOARD_LIST, { type: "deleted", id: "a" }).list).toEqual({ status: "loading" });
  });
});

describe("boardListReducer: delete", () => {
  const b = summary("b", "Beta");

  it("asks first, and Cancel keeps the board", () => {
    const asked = run(ready, { type: "deleteFailed", message: "old" }, { type: "deleteAsked", board: b });
    expect(asked).toMatchObject({ toDelete: b, deleteError: null });
    expect(run(asked, { type: "deleteCancelled" })).toMatchObject({ toDelete: null, deleteError: null });
    expect(boardsOf(run(asked, { type: "deleteCancelled" }))).toHaveLength(2);
  });

  it("deleting marks the row busy, then removes it and closes the dialog", () => {
    const deleting = run(ready, { type: "deleteAsked", board: b }, { type: "deleteStarted", id: "b" });
    expect(deleting.rowBusy).toEqual({ b: "delete" });
    const deleted = run(deleting, { type: "deleted", id: "b" }, { type: "rowRequestEnded", id: "b" });
    expect(boardsOf(deleted).map((x) => x.id)).toEqual(["a"]);
    expect(deleted).toMatchObject({ toDelete: null, rowBusy: {} });
  });

  it("a board already gone closes the dialog; another failure shows in it", () => {
    const deleting = run(ready, { type: "deleteAsked", board: b }, { type: "deleteStarted", id: "b" });
    expect(run(deleting, { type: "deleteGone" }).toDelete).toBeNull();
    expect(run(deleting, { type: "deleteFailed", message: "Delete failed. x" })).toMatchObject({ toDelete: b, deleteError: "Delete failed. x" });
    expect(run(deleting, { type: "deleteFailed", message: "x" }, { type: "deleteStarted", id: "b" }).deleteError).toBeNull();
  });
});

describe("the board list's helpers", () => {
  it("freshName takes the first free 'Untitled board' name, ignoring case and spaces", () => {
    expect(freshName([])).toBe("Untitled board");
    expect(freshName([summary("a", " untitled BOARD ")])).toBe("Untitled board 2");
    expect(freshName([summary("a", "Untitled board"), summary("b", "Untitled board 2")])).toBe("Untitled board 3");
  });

  it("problemOf keeps the first line and the located issues of API and model errors", () => {
    const api = new ApiError(400, "invalid_board", "The board is invalid\nmore", [{ path: "nodes[0].name", message: "too long" }]);
    expect(problemOf("Import failed", api)).toEqual({ title: "Import failed", summary: "The board is invalid", issues: api.issues });
    const model = new ModelError("not_json", "Not JSON", [{ path: "", message: "line 1" }]);
    expect(problemOf("T", model)).toEqual({ title: "T", summary: "Not JSON", issues: [{ path: "", message: "line 1" }] });
    expect(problemOf("T", new Error("boom\nstack"))).toEqual({ title: "T", summary: "boom\nstack", issues: [] });
    expect(problemOf("T", "text")).toEqual({ title: "T", summary: "text", issues: [] });
  });

  it("messageOf is an error's message, or the thing as text", () => {
    expect(messageOf(new Error("x"))).toBe("x");
    expect(messageOf(42)).toBe("42");
  });
});
