import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

// Two tiers, named by file suffix (as Emmett does): `*.test.ts` are pure unit tests,
// `*.int.test.ts` hit a real PostgreSQL and real brokers (NATS JetStream, RabbitMQ: see
// lib/brokers/testing/testBrokers.ts). e2e lives in Playwright, not here.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,cli,components,app,scripts}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["{lib,cli,app,scripts}/**/*.int.test.ts", "server.int.test.ts"],
          environment: "node",
          globalSetup: ["lib/db/testing/globalSetup.ts", "lib/brokers/testing/globalSetup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
