"use client";
import { io } from "socket.io-client";
import { exposeTestHook } from "../client/testHooks";
import type { RealtimeSocket } from "./client";
import { SOCKET_PATH } from "./protocol";

let shared: RealtimeSocket | null = null;

/** One socket per browser tab (runs and co-editing share it), opened on first use; socket.io reconnects it by itself. */
export function appSocket(): RealtimeSocket {
  if (!shared) {
    shared = io({ path: SOCKET_PATH, transports: ["websocket", "polling"] });
    // For tests only (lib/client/testHooks): lets a spec drop the connection.
    exposeTestHook("__stormflowSocket", shared);
  }
  return shared;
}
