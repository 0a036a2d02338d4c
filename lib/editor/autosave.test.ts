import { describe, expect, it, vi } from "vitest";
import { orderFlowTemplate } from "../model/template";
import type { Board } from "../model/schema";
import { SaveConflict, startAutosave } from "./autosave";
import { createEditorStore } from "./store";

const deps = { newId: (p: string) => `${p}-x${Math.floor(performance.now() * 1000)}`, now: () => 0 };

describe("autosave", () => {
  it("saves after the delay with the loaded revision, then the new one", async () => {
    vi.useFakeTimers();
    const store = createEditorStore({ boardId: "b", board: orderFlowTemplate(), revision: 3 }, deps);
    const calls: [number, string][] = [];
    const save = vi.fn(async (_id: string, revision: number, board: Board) => {
      calls.push([revision, board.name]);
      return { revision: revision + 1 };
    });
    const autosave = startAutosave(store, save, { delayMs: 500 });
    store.getState().commit({ ...store.getState().board, name: "One" });
    await vi.advanceTimersByTimeAsync(499);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getState().saveStatus).toBe("saved");
    store.getState().commit({ ...store.getState().board, name: "Two" });
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toEqual([[3, "One"], [4, "Two"]]);
    autosave.stop();
    vi.useRealTimers();
  });

  it("stop saves what the debounce still holds, once, and schedules nothing after", async () => {
    vi.useFakeTimers();
    const store = createEditorStore({ boardId: "b", board: orderFlowTemplate(), revision: 1 }, deps);
    const save = vi.fn(async (_id: string, revision: number) => ({ revision: revision + 1 }));
    const autosave = startAutosave(store, save, { delayMs: 500 });
    store.getState().commit({ ...store.getState().board, name: "Left behind" });
    await autosave.stop();
    expect(save).toHaveBeenCalledTimes(1);
    expect(store.getState().saveStatus).toBe("saved");
    store.getState().commit({ ...store.getState().board, name: "After stop" });
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it("stops on a conflict and keeps the local board", async () => {
    const store = createEditorStore({ boardId: "b", board: orderFlowTemplate(), revision: 1 }, deps);
    const autosave = startAutosave(store, async () => {
      throw new SaveConflict("saved elsewhere");
    });
    store.getState().commit({ ...store.getState().board, name: "Mine" });
    await autosave.flush();
    expect(store.getState()).toMatchObject({ saveStatus: "conflict", saveMessage: "saved elsewhere" });
    expect(store.getState().board.name).toBe("Mine");
    autosave.stop();
  });

  it("keeps the conflict through undo and redo: no retry behind the user's back", async () => {
    vi.useFakeTimers();
    const store = createEditorStore({ boardId: "b", board: orderFlowTemplate(), revision: 1 }, deps);
    const save = vi.fn(async () => {
      throw new SaveConflict("saved elsewhere");
    });
    const autosave = startAutosave(store, save, { delayMs: 500 });
    store.getState().commit({ ...store.getState().board, name: "Mine" });
    await vi.advanceTimersByTimeAsync(500);
    expect(store.getState().saveStatus).toBe("conflict");
    store.getState().undo();
    expect(store.getState().saveStatus).toBe("conflict");
    store.getState().redo();
    expect(store.getState().saveStatus).toBe("conflict");
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(store.getState().board.name).toBe("Mine");
    autosave.stop();
    vi.useRealTimers();
  });
});
