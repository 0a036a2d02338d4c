import { describe, expect, it } from "vitest";
import { ConcurrencyError, DuplicateEventError, EVENT_STORE_HTTP_STATUS, EventStoreError, isConcurrencyError, isEventStoreError } from "./errors";

describe("event store errors", () => {
  it("say what the stream was at and what the append expected", () => {
    expect(new ConcurrencyError("order-1", 2, 3).message).toBe(`Stream "order-1" is at version 3, but the append expected version 2`);
    expect(new ConcurrencyError("order-1", "no_stream", 1).message).toBe(`Stream "order-1" is at version 1, but the append expected no stream`);
    expect(new ConcurrencyError("order-1", 4, 0).message).toBe(`Stream "order-1" does not exist, but the append expected version 4`);
    expect(new DuplicateEventError("s", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").message).toBe(
      `Event a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 is already stored; nothing was appended to stream "s"`,
    );
  });

  it("carry a code that maps to an HTTP status", () => {
    const error = new ConcurrencyError("s", 1, 2);
    expect(error).toBeInstanceOf(EventStoreError);
    expect(error).toMatchObject({ name: "ConcurrencyError", code: "concurrency", streamId: "s", expected: 1, actual: 2 });
    expect(EVENT_STORE_HTTP_STATUS[error.code]).toBe(409);
    expect(EVENT_STORE_HTTP_STATUS.invalid_argument).toBe(400);
  });

  it("are recognised by name and code, as a copy from another bundle would be", () => {
    const copy = Object.assign(new Error("conflict"), { name: "ConcurrencyError", code: "concurrency" });
    expect(isEventStoreError(copy)).toBe(true);
    expect(isConcurrencyError(copy)).toBe(true);
    expect(isEventStoreError(Object.assign(new Error("x"), { code: "concurrency" }))).toBe(false);
    expect(isEventStoreError(null)).toBe(false);
    expect(isConcurrencyError(new EventStoreError("invalid_argument", "bad"))).toBe(false);
  });
});
