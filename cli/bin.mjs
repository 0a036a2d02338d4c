#!/usr/bin/env node
// `npx stormflow …`: the CLI is TypeScript run through tsx, the same runtime as server.ts.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
