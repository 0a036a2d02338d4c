import { describe, expect, it } from "vitest";
import { isApiError } from "../http/apiError";
import { parseSaveRequest } from "./saveRequest";

function refusal(body: unknown) {
  try {
    parseSaveRequest(body);
  } catch (err) {
    if (isApiError(err)) return err;
    throw err;
  }
  throw new Error("expected an ApiError");
}

describe("PUT /api/boards/:id's wrapper", () => {
  it("unwraps {revision, board}, revision optional (the store names it when missing)", () => {
    expect(parseSaveRequest({ revision: 3, board: { a: 1 } })).toEqual({ revision: 3, board: { a: 1 } });
    expect(parseSaveRequest({ board: null })).toEqual({ revision: undefined, board: null });
  });

  it("refuses a missing board and anything that is not an object, naming board", () => {
    for (const body of [{ revision: 1 }, null, [], "board", 3]) {
      expect(refusal(body)).toMatchObject({ status: 400, code: "invalid_request", issues: [{ path: "board", message: "is required" }] });
    }
  });

  it("refuses unknown keys, each named, JSON-escaped in the message", () => {
    const error = refusal({ revision: 1, board: {}, revison: 2, 'we"ird': 1 });
    expect(error.issues.map((i) => i.path)).toEqual(["revison", 'we"ird']);
    expect(error.message).toContain('unknown keys "revison", "we\\"ird"');
  });
});
