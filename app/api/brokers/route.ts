import { NextResponse } from "next/server";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

/** The brokers a run may name (`broker` in a run request) beside the in-process one: STORMFLOW_BROKERS, without passwords. */
export function GET() {
  return NextResponse.json({ brokers: getServices().brokers.map((b) => ({ id: b.id, kind: b.kind })) });
}
