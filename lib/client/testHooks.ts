/**
 * Test hooks (as tldraw exposes its editor to its Playwright fixtures): the editor store, the run
 * view and the socket on `window`, for specs and benchmarks to read. Only a page whose opener set
 * `window.__STORMFLOW_TEST_HOOKS__ = true` before the app loaded (Playwright's `addInitScript`)
 * gets them; nothing in the product sets it, so a user's page exposes nothing.
 */
export const TEST_HOOKS_FLAG = "__STORMFLOW_TEST_HOOKS__";

export type TestHookName = "__stormflowEditor" | "__stormflowRunView" | "__stormflowSocket";

export function exposeTestHook(name: TestHookName, value: unknown): void {
  if (typeof window === "undefined") return;
  const w = window as unknown as Record<string, unknown>;
  if (w[TEST_HOOKS_FLAG] !== true) return;
  w[name] = value;
}
