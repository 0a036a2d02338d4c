/** `npm start`: build when the sources changed since the last build, then serve in production. */
import { ensureBuild } from "./ensureBuild";

ensureBuild();
(process.env as Record<string, string>).NODE_ENV = "production";
const { main } = await import("../server");
await main(false);
