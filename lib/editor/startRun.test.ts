import { describe, expect, it, vi } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { STALE, startRun, waitForSave } from "./startRun";
import { createEditorStore } from "./store";

const editor = () => {
  let n = 0;
  return createEditorStore({ boardId: "b1", board: orderFlowTemplate(), revision: 4 }, { newId: (p) => `${p}-${++n}`, now: () => 0 });
};
const conflict = (code: string) => Object.assign(new Error(code), { code });

describe("waitForSave", () => {
  it("gives the saved board and its revision at once when nothing is pending", async () => {
    const store = editor();
    expect(await waitForSave(store)).toEqual({ revision: 4, board: store.getState().board });
  });

  it("waits for a pending save, and gives the board as saved at the new revision", async () => {
    const store = editor();
    store.getState().addNode("event", { x: 0, y: 0 }, "Later");
    const waiting = waitForSave(store);
    store.getState().saveStarted();
    const { version, board } = store.getState();
    store.getState().saveSucceeded(version, 5);
    expect(await waiting).toEqual({ revision: 5, board });
  });

  it("gives null when the save fails or meets a conflict, and after the timeout", async () => {
    const failing = editor();
    failing.getState().addNode("event", { x: 0, y: 0 });
    const a = waitForSave(failing);
    failing.getState().saveFailed("no", false);
    expect(await a).toBeNull();
    const conflicting = editor();
    conflicting.getState().addNode("event", { x: 0, y: 0 });
    const b = waitForSave(conflicting);
    conflicting.getState().saveFailed("theirs", true);
    expect(await b).toBeNull();
    vi.useFakeTimers();
    try {
      const slow = editor();
      slow.getState().addNode("event", { x: 0, y: 0 });
      const c = waitForSave(slow, 50);
      vi.advanceTimersByTime(60);
      expect(await c).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("startRun", () => {
  it("starts the run at the saved revision, and reports the phases", async () => {
    const store = editor();
    const start = vi.fn(async () => ({ runId: "r1" }));
    const phases: string[] = [];
    const result = await startRun(store, { count: 3 }, start, (p) => phases.push(p));
    expect(start).toHaveBeenCalledWith({ count: 3, revision: 4 });
    expect(result).toEqual({ ok: true, runId: "r1", saved: { revision: 4, board: store.getState().board } });
    expect(phases).toEqual(["saving", "starting"]);
  });

  it("after a 409 board_changed (an edit saved between its save and its start), waits for that save and starts again at the new revision", async () => {
    const store = editor();
    const start = vi.fn(async (body: { revision: number }) => {
      if (body.revision === 4) {
        // The edit typed meanwhile, and its save, land before the server answers.
        store.getState().addNode("event", { x: 0, y: 0 }, "Typed");
        store.getState().saveSucceeded(store.getState().version, 5);
        throw conflict("board_changed");
      }
      return { runId: "r2" };
    });
    const result = await startRun(store, { count: 1 }, start);
    expect(start.mock.calls.map((c) => c[0].revision)).toEqual([4, 5]);
    expect(result.ok && result.saved.board.nodes.some((n) => n.name === "Typed")).toBe(true);
  });

  it("gives up after a few restarts, and passes other refusals on as they are", async () => {
    const store = editor();
    // Each time, another edit of ours was saved meanwhile.
    const always = vi.fn(async () => {
      store.getState().addNode("event", { x: 0, y: 0 });
      store.getState().saveSucceeded(store.getState().version, store.getState().revision + 1);
      throw conflict("board_changed");
    });
    expect(await startRun(store, { count: 1 }, always)).toMatchObject({ ok: false, reason: "failed" });
    expect(always).toHaveBeenCalledTimes(4);
    const refused = conflict("invalid_scenario");
    const once = vi.fn(async () => {
      throw refused;
    });
    expect(await startRun(store, { count: 1 }, once)).toEqual({ ok: false, reason: "failed", error: refused });
    expect(once).toHaveBeenCalledTimes(1);
  });

  it("a board saved elsewhere (nothing of ours pending) is not retried with the same revision: the editor shows the conflict", async () => {
    const store = editor();
    const refusal = conflict("board_changed");
    const start = vi.fn(async () => {
      throw refusal;
    });
    expect(await startRun(store, { count: 1 }, start)).toEqual({ ok: false, reason: "stale", error: refusal });
    expect(start).toHaveBeenCalledTimes(1);
    expect(store.getState().saveStatus).toBe("conflict");
    expect(store.getState().saveMessage).toBe(STALE);
  });

  it("does not start when the board cannot be saved", async () => {
    const store = editor();
    store.getState().addNode("event", { x: 0, y: 0 });
    store.getState().saveFailed("disk full", false);
    const start = vi.fn(async () => ({ runId: "never" }));
    expect(await startRun(store, { count: 1 }, start)).toEqual({ ok: false, reason: "not_saved" });
    expect(start).not.toHaveBeenCalled();
  });
});

describe("startRun while co-editing", () => {
  it("has the server save first on every attempt, so a revision someone else saved meanwhile is the one sent again", async () => {
    const store = editor();
    const sent: number[] = [];
    let syncs = 0;
    // The co-editing session's flush: the server says the revision that holds everyone's edits.
    const sync = async () => {
      syncs++;
      store.getState().syncStatus("saved", null, 4 + syncs);
    };
    const result = await startRun(
      store,
      { command: "PlaceOrder" },
      async (body) => {
        sent.push(body.revision);
        if (sent.length === 1) throw conflict("board_changed");
        return { runId: "r1" };
      },
      () => {},
      sync,
    );
    expect(result).toMatchObject({ ok: true, runId: "r1", saved: { revision: 6 } });
    expect(sent).toEqual([5, 6]);
    expect(syncs).toBe(2);
  });
});
