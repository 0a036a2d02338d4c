import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import { DatabaseError } from "pg-protocol";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { isDatabaseUnavailable, unavailableReason } from "./errors";

/*
 * The classifier against errors as the drivers really raise them: pg and pg-pool against a closed
 * port, a server that hangs up and one that never answers; Prisma over @prisma/adapter-pg against a
 * closed port; pg's DatabaseError with the SQLSTATEs a shutting-down server sends.
 */

const servers: net.Server[] = [];
const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end().catch(() => undefined)));
  for (const s of servers.splice(0)) s.close();
});

/** A TCP server on a free port that does `onSocket` with every connection. */
async function fakeServer(onSocket: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer(onSocket);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const port = await fakeServer(() => undefined);
  await new Promise<void>((r) => servers.pop()!.close(() => r()));
  return port;
}

function pool(port: number, options: pg.PoolConfig = {}): pg.Pool {
  const p = new pg.Pool({ host: "127.0.0.1", port, user: "u", password: "p", database: "d", ...options });
  p.on("error", () => undefined);
  pools.push(p);
  return p;
}

async function rejection(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

function sqlError(code: string, message: string): DatabaseError {
  const err = new DatabaseError(message, message.length, "error");
  err.code = code;
  err.severity = "FATAL";
  return err;
}

describe("isDatabaseUnavailable", () => {
  it("is true for pg's refused connection", async () => {
    const err = await rejection(async () => pool(await closedPort()).query("SELECT 1"));
    expect(err).toMatchObject({ code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("is true for a server that hangs up mid-connection (Connection terminated unexpectedly)", async () => {
    const port = await fakeServer((socket) => socket.destroy());
    const err = await rejection(() => pool(port).query("SELECT 1"));
    expect(String((err as Error).message)).toMatch(/Connection terminated/);
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("is true for a pool whose connect timed out against a server that never answers", async () => {
    const port = await fakeServer(() => undefined);
    const err = await rejection(() => pool(port, { connectionTimeoutMillis: 100 }).query("SELECT 1"));
    expect(String((err as Error).message)).toMatch(/timeout/i);
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("is true for Prisma over @prisma/adapter-pg when the server is not there", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool(await closedPort())) });
    const err = await rejection(() => prisma.board.findMany());
    await prisma.$disconnect();
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ["57P01", "terminating connection due to administrator command"],
    ["57P02", "terminating connection due to crash of another server process"],
    ["57P03", "the database system is starting up"],
    ["08006", "connection failure"],
    ["08003", "connection does not exist"],
    ["53300", "sorry, too many clients already"],
  ])("is true for SQLSTATE %s (%s)", (code, message) => {
    expect(isDatabaseUnavailable(sqlError(code, message))).toBe(true);
  });

  it("looks through cause chains, Prisma's driverAdapterError and AggregateErrors", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(new Error("reading the board failed", { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused], ""))).toBe(true);
    expect(isDatabaseUnavailable({ name: "PrismaClientKnownRequestError", code: "P2010", message: "Raw query failed", meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01" } } } })).toBe(true);
    expect(isDatabaseUnavailable({ name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } })).toBe(true);
  });

  it.each([
    ["a unique violation", sqlError("23505", 'duplicate key value violates unique constraint "boards_pkey"')],
    ["a syntax error", sqlError("42601", 'syntax error at or near "SELEC"')],
    ["bad input", sqlError("22P02", "invalid input syntax for type uuid")],
    ["a wrong password", sqlError("28P01", 'password authentication failed for user "u"')],
    ["Prisma's unique violation", { name: "PrismaClientKnownRequestError", code: "P2002", message: "Unique constraint failed" }],
    ["a plain bug", new TypeError("Cannot read properties of undefined (reading 'x')")],
    ["a string", "ECONNREFUSED"],
    ["null", null],
  ])("is false for %s", (_label, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it("does not loop on a cause that points back at itself", () => {
    const err: Error & { cause?: unknown } = new Error("odd");
    err.cause = err;
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe("unavailableReason", () => {
  it("gives the message with its code", () => {
    expect(unavailableReason(sqlError("57P01", "terminating connection due to administrator command"))).toBe("terminating connection due to administrator command (57P01)");
  });

  it("gives Prisma's reason, which comes last in its message", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool(await closedPort())) });
    const err = await rejection(() => prisma.board.findMany());
    await prisma.$disconnect();
    expect(unavailableReason(err)).toMatch(/^Can't reach database server at 127\.0\.0\.1:\d+ \(P1001\)$/);
  });

  it("gives the first inner error of an AggregateError (node's connect to several addresses)", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" });
    expect(unavailableReason(Object.assign(new AggregateError([refused], ""), { code: "ECONNREFUSED" }))).toBe("connect ECONNREFUSED ::1:5432");
  });
});
