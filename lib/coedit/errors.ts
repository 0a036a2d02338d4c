/** Why the co-editing hub did not do what was asked; the socket and the routes map the code. */
export type CoeditErrorCode = "refused" | "not_found" | "bad_request" | "unavailable" | "not_joined" | "conflict";

export class CoeditError extends Error {
  constructor(
    readonly code: CoeditErrorCode,
    message: string,
    /** A conflict: the board's current revision. */
    readonly current?: number,
  ) {
    super(message);
    this.name = "CoeditError";
  }
}
