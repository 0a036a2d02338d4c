import { NextResponse } from "next/server";
import { pingDatabase } from "@/lib/db/ping";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

/** Liveness plus a real round trip to PostgreSQL: 503 with the reason when it does not answer. */
export async function GET() {
  const { db, version } = getServices();
  try {
    await pingDatabase(db.pool);
    return NextResponse.json({ ok: true, database: db.kind, version });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return NextResponse.json(
      { ok: false, database: db.kind, version, error: `Database does not answer: ${reason}` },
      { status: 503 },
    );
  }
}
