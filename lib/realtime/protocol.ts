/**
 * The socket.io wire protocol shared by server and client. Bump PROTOCOL_VERSION on any
 * change that an older client could misread.
 */
export const PROTOCOL_VERSION = 1;
export const SOCKET_PATH = "/socket.io";

export interface ErrorMessage {
  code: string;
  message: string;
}

export interface ServerToClientEvents {
  hello: (msg: { protocol: number; version: string }) => void;
  error: (msg: ErrorMessage) => void;
}

export interface ClientToServerEvents {
  ping: (ack: (msg: { ok: true; at: number }) => void) => void;
}
