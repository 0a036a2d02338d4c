import type { z } from "zod";
import { ApiError, errorBodySchema, type Endpoint } from "../contracts/wire";

export { ApiError };

/**
 * Calls one endpoint of a contract (`lib/contracts`): the URL from `args`, the body as JSON, and
 * the answer parsed with the endpoint's own schema, so what the UI reads is what the contract
 * says (an answer that is not is an `ApiError` `bad_response`, never a silent guess). An
 * error answer becomes an `ApiError` with the server's code, message and issues. Never
 * cached: boards and runs change under the page.
 */
export async function send<Args, R extends z.ZodType, B extends z.ZodType | undefined>(
  endpoint: Endpoint<Args, R, B>,
  args: Args,
  ...body: B extends z.ZodType ? [body: z.input<B>] : []
): Promise<z.output<R>> {
  const payload = body[0];
  let res: Response;
  try {
    res = await fetch(endpoint.url(args), {
      method: endpoint.method,
      headers: payload === undefined ? undefined : { "content-type": "application/json" },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "offline", "The server cannot be reached: check that Stormflow is running.");
  }
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = errorBodySchema.safeParse(data);
    if (!error.success) throw new ApiError(res.status, "http_error", `The server answered ${res.status}`);
    const { code, message, issues } = error.data.error;
    throw new ApiError(res.status, code, message, issues ?? []);
  }
  const parsed = endpoint.response.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length ? ` at ${first.path.join(".")}` : "";
    throw new ApiError(res.status, "bad_response", `The server's answer to ${endpoint.method} ${endpoint.url(args)} is not what this page expects${where}: reload the page.`);
  }
  return parsed.data;
}
