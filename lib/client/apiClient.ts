import type { Board } from "../model/schema";

/** One problem the API reported, with its path. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** An error response from our API: the same code and message the server and CLI use. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export interface BoardSummary {
  id: string;
  name: string;
  revision: number;
  updatedAt: string;
  nodeCount: number;
}

export interface StoredBoard {
  id: string;
  revision: number;
  board: Board;
}

/**
 * One JSON call to our API: an error answer becomes an `ApiClientError` with the server's code,
 * message and issues. Never cached: boards and runs change under the page.
 */
export async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new ApiClientError(0, "offline", "The server cannot be reached: check that Stormflow is running.");
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | null)?.error;
    throw new ApiClientError(res.status, e?.code ?? "http_error", e?.message ?? `The server answered ${res.status}`, e?.issues ?? []);
  }
  return data as T;
}

/** The boards API, typed; the only place the UI talks HTTP about boards. */
export const boardsApi = {
  list: () => call<BoardSummary[]>("GET", "/api/boards"),
  create: (board: Board) => call<StoredBoard>("POST", "/api/boards", board),
  get: (id: string) => call<StoredBoard>("GET", `/api/boards/${encodeURIComponent(id)}`),
  save: (id: string, revision: number, board: Board) => call<{ revision: number }>("PUT", `/api/boards/${encodeURIComponent(id)}`, { revision, board }),
  remove: (id: string) => call<void>("DELETE", `/api/boards/${encodeURIComponent(id)}`),
};
