import type pg from "pg";
import { describe, expect, it } from "vitest";
import { patientPool, retryingOn } from "./patientPool";

/** A stand-in pool whose `query` answers from a script: an Error to throw, or a value to return. */
function scriptedPool(script: (Error | string)[]): pg.Pool & { calls: number } {
  const fake = {
    calls: 0,
    ending: false,
    async query() {
      const next = script[Math.min(fake.calls++, script.length - 1)]!;
      if (next instanceof Error) throw next;
      return { rows: [{ answer: next }] };
    },
  };
  return fake as unknown as pg.Pool & { calls: number };
}

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const shutdown = () => Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });

describe("patientPool", () => {
  it("waits out connection errors and answers once the database does", async () => {
    const pool = scriptedPool([refused(), shutdown(), "ok"]);
    const result = (await patientPool(pool, { minDelayMs: 1, maxDelayMs: 2 }).query("SELECT 1")) as unknown as { rows: { answer: string }[] };
    expect(result.rows[0]!.answer).toBe("ok");
    expect(pool.calls).toBe(3);
  });

  it("passes any other error on at once", async () => {
    const unique = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    const pool = scriptedPool([unique, "ok"]);
    await expect(patientPool(pool, { minDelayMs: 1 }).query("INSERT")).rejects.toBe(unique);
    expect(pool.calls).toBe(1);
  });

  it("gives up after maxWaitMs with the last error", async () => {
    const pool = scriptedPool([refused()]);
    await expect(patientPool(pool, { minDelayMs: 5, maxDelayMs: 5, maxWaitMs: 30 }).query("SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(pool.calls).toBeGreaterThan(1);
  });

  it("stops waiting when told to: the waiting call fails with its error, and so do later ones", async () => {
    const pool = scriptedPool([refused()]);
    const patient = patientPool(pool, { minDelayMs: 60_000 });
    const waiting = patient.query("SELECT 1");
    await new Promise((r) => setTimeout(r, 10));
    patient.stopWaiting();
    await expect(waiting).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const before = pool.calls;
    await expect(patient.query("SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(pool.calls).toBe(before + 1);
  });

  it("does not wait on a pool that is being closed", async () => {
    const pool = scriptedPool([refused(), "ok"]);
    (pool as unknown as { ending: boolean }).ending = true;
    await expect(patientPool(pool, { minDelayMs: 1 }).query("SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("retryingOn runs an operation once on a plain pool, and again on a patient one", async () => {
    let tries = 0;
    const op = async () => {
      if (tries++ === 0) throw refused();
      return "done";
    };
    await expect(retryingOn(scriptedPool(["x"]), op)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    tries = 0;
    await expect(retryingOn(patientPool(scriptedPool(["x"]), { minDelayMs: 1 }), op)).resolves.toBe("done");
    expect(tries).toBe(2);
  });
});
