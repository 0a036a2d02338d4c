import { exportFiles, zipFileName, zipFiles, ZIP_CONTENT_TYPE } from "@/lib/generate/exportAll";
import { FORMAT_IDS, FORMATS, isFormatId, type FormatId } from "@/lib/generate/formats";
import { isLang, LANGS, type Lang } from "@/lib/generate/i18n";
import { ApiError } from "@/lib/http/apiError";
import { handle } from "@/lib/http/handle";
import { getServices } from "@/lib/services/registry";
import { attachment } from "./contentDisposition";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const FORMAT_CHOICES = [...FORMAT_IDS, "all"];

/**
 * GET /api/boards/:id/export?format=markdown|design|typescript|asyncapi|mermaid|jsonschema|all&lang=en|ko
 * → the saved board in that format, as a download (`<board-slug>.<ext>`); `all` is a zip of
 * every format. A bad `format` or `lang` is 400 naming the parameter and the allowed values.
 */
export const GET = handle(async (request: Request, { params }: Context) => {
  const query = new URL(request.url).searchParams;
  const format = parseFormat(query.get("format"));
  const lang = parseLang(query.get("lang"));
  const services = getServices();
  const { id, board } = await services.boards.get((await params).id);
  // The TypeScript contracts carry every earlier version of an event whose version was raised.
  const earlierVersions = format === "all" || format === "typescript" ? await services.history.earlierVersions(id, board) : undefined;
  if (format === "all") {
    return download(zipFiles(exportFiles(board, { lang, earlierVersions })), ZIP_CONTENT_TYPE, zipFileName(board));
  }
  const chosen = FORMATS[format];
  return download(chosen.generate(board, { lang, earlierVersions }), chosen.contentType, chosen.fileName(board, lang));
});

function parseFormat(value: string | null): FormatId | "all" {
  if (value === "all" || isFormatId(value)) return value;
  const problem = value === null ? "is required" : `${JSON.stringify(value.slice(0, 40))} is not a format`;
  throw new ApiError(400, "invalid_query", `The query parameter "format" ${problem}: use one of ${FORMAT_CHOICES.join(", ")}.`, [
    { path: "format", message: `must be one of ${FORMAT_CHOICES.join(", ")}` },
  ]);
}

function parseLang(value: string | null): Lang | undefined {
  if (value === null || isLang(value)) return value ?? undefined;
  throw new ApiError(400, "invalid_query", `The query parameter "lang" ${JSON.stringify(value.slice(0, 40))} is not a language: use one of ${LANGS.join(", ")}.`, [
    { path: "lang", message: `must be one of ${LANGS.join(", ")}` },
  ]);
}

function download(body: string | Uint8Array, contentType: string, fileName: string): Response {
  return new Response(body as BodyInit, {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-disposition": attachment(fileName),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
