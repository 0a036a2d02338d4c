"use client";
import { useEffect, useMemo, useState } from "react";
import { CoeditSession } from "@/lib/coedit/session";
import { loadUser } from "@/lib/client/identity";
import type { EditorStore } from "@/lib/editor/store";
import { appSocket } from "@/lib/realtime/appSocket";

/**
 * Co-edits the open board while the page is mounted: the store becomes a view of the board's
 * shared document (lib/coedit/session.ts). Closing the tab asks first while edits are not on the
 * server yet (offline). Started in an effect so React's strict-mode remount starts it again.
 */
export function useCoedit(store: EditorStore): { session: CoeditSession | null; flush(): Promise<void> } {
  const [session, setSession] = useState<CoeditSession | null>(null);
  useEffect(() => {
    const s = new CoeditSession(store, appSocket(), loadUser());
    s.start();
    setSession(s);
    const warn = (e: BeforeUnloadEvent) => {
      if (s.pending > 0) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
      s.stop();
      setSession(null);
    };
  }, [store]);
  return useMemo(() => ({ session, flush: () => session?.flush() ?? Promise.resolve() }), [session]);
}
