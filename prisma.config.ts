import fs from "node:fs";
import { defineConfig } from "prisma/config";

// Offline machines cannot download Prisma's schema engine. `generate`, `validate` and `format`
// never run it, but every CLI command looks for it first: point it at any existing file.
// Migrations are applied by lib/db/migrate.ts instead of `prisma migrate`.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY || !fs.existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/stormflow" },
});
