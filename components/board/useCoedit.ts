"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { useStrings } from "@/components/i18n/LocaleProvider";
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
  // A first visit's guest name is made in the UI's language; switching language later does not restart the session.
  const guestLabel = useRef(useStrings().board.guest);
  useEffect(() => {
    const s = new CoeditSession(store, appSocket(), loadUser(guestLabel.current));
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
