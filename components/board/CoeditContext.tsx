"use client";
import { createContext, useCallback, useContext, useSyncExternalStore } from "react";
import type { Participant } from "@/lib/coedit/presence";
import type { CoeditSession } from "@/lib/coedit/session";

/** The open board's co-editing session (null on the server render and before it starts). */
const CoeditContext = createContext<CoeditSession | null>(null);
export const CoeditProvider = CoeditContext.Provider;

export function useCoeditSession(): CoeditSession | null {
  return useContext(CoeditContext);
}

const NONE: readonly Participant[] = [];

/** Everyone else on the board, re-rendering when their presence changes. */
export function useParticipants(): readonly Participant[] {
  const session = useCoeditSession();
  const subscribe = useCallback((onChange: () => void) => (session ? session.subscribe(onChange) : () => undefined), [session]);
  const read = useCallback(() => (session ? session.getParticipants() : NONE), [session]);
  return useSyncExternalStore(subscribe, read, () => NONE);
}
