"use client";
import { createContext, useContext, useMemo } from "react";
import { useStore } from "zustand";
import { createRunViewStore, type RunViewActions, type RunViewState, type RunViewStore } from "@/lib/editor/runStore";

const RunViewContext = createContext<RunViewStore | null>(null);

export const RunViewProvider = RunViewContext.Provider;

/** A stand-in so the hook below calls useStore unconditionally (rules of hooks) without a provider. */
const FALLBACK_STORE = createRunViewStore();

/** The board page's run view store (the run on screen), or null outside a board page. */
export function useRunViewStore(): RunViewStore | null {
  return useContext(RunViewContext);
}

/**
 * Subscribes to a slice of the run on screen, or returns `fallback` outside a board page (so a
 * sticky renders without one). Define selectors at module level.
 */
export function useRunView<T>(selector: (s: RunViewState & RunViewActions) => T, fallback: T): T {
  const store = useContext(RunViewContext);
  const value = useStore(store ?? FALLBACK_STORE, selector);
  return store ? value : fallback;
}

/**
 * What the panels remember per run (the picked stream, the timeline's scroll), owned by the
 * board page's run view store: bounded, and gone with the page. Keys are `<panel>:<runId>…`.
 */
export function usePanelMemory(): { recall<T>(key: string): T | undefined; remember(key: string, value: unknown): void } {
  const store = useContext(RunViewContext) ?? FALLBACK_STORE;
  return useMemo(() => {
    const memory = store.getState().memory;
    return { recall: <T,>(key: string) => memory.get(key) as T | undefined, remember: (key: string, value: unknown) => void memory.set(key, value) };
  }, [store]);
}
