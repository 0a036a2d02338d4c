"use client";
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { EditorActions, EditorState, EditorStore } from "@/lib/editor/store";

const EditorContext = createContext<EditorStore | null>(null);

export const EditorProvider = EditorContext.Provider;

/** The open board's store (for actions and imperative reads). */
export function useEditorStore(): EditorStore {
  const store = useContext(EditorContext);
  if (!store) throw new Error("useEditorStore must be used inside <EditorProvider>");
  return store;
}

/** Subscribes to one slice of the open board's state; define selectors at module level. */
export function useEditor<T>(selector: (s: EditorState & EditorActions) => T): T {
  return useStore(useEditorStore(), selector);
}
