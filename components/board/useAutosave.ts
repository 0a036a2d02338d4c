"use client";
import { useEffect, useMemo, useRef } from "react";
import { ApiError, boardsApi } from "@/lib/client/apiClient";
import { SaveConflict, startAutosave } from "@/lib/editor/autosave";
import type { EditorStore } from "@/lib/editor/store";

type Autosave = ReturnType<typeof startAutosave>;

/** Saves through the API, with a 409 turned into a conflict the user resolves. */
async function saveOrConflict(...args: Parameters<typeof boardsApi.save>) {
  try {
    return await boardsApi.save(...args);
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) throw new SaveConflict(err.message);
    throw err;
  }
}

/**
 * Autosave while the board page is mounted. It is started in an effect, not a memo: React's
 * strict mode unmounts and remounts once, and a memoised autosave stopped by the first cleanup
 * would never start again. Unmounting (a link, Back) saves what the debounce still holds;
 * closing the tab asks first while anything is unsaved.
 */
export function useAutosave(store: EditorStore): { flush(): Promise<void> } {
  const current = useRef<Autosave | null>(null);
  useEffect(() => {
    const autosave = startAutosave(store, saveOrConflict);
    current.current = autosave;
    const warn = (e: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.version !== s.savedVersion) {
        void autosave.flush();
        e.preventDefault();
      }
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
      current.current = null;
      void autosave.stop();
    };
  }, [store]);
  return useMemo(() => ({ flush: () => current.current?.flush() ?? Promise.resolve() }), []);
}
