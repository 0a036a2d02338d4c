import { eventOutcome, fieldRequired } from "../model/defaults";
import { KIND_META, type NodeKind } from "../model/kinds";
import { frameFill } from "../model/boundedContexts";
import { routeEdge, routePath } from "../model/edgeRoute";
import { DRAWING_RANGE } from "../model/limits";
import type { Board, BoardNode, Field, Frame, Note } from "../model/schema";
import { contextOf, type GenerateContext } from "./context";
import { displayWidth, oneLine, xmlText } from "./escape";

/*
 * The `svg` format: a picture of the board as the canvas draws it, for slides, wikis and pull
 * requests. Stickies in the legend colours at their board positions, each a `<g data-node-id>`
 * with its kind, name and what the canvas shows under it (payload fields, a service's action, a
 * saga's steps); arrows from a sticky's right side to the next one's left, a failure event's in
 * red, labels at their middle. Frames (bounded contexts) are drawn first, under everything, each a
 * `<g data-frame-id>` with its name at its top-left; notes last, each a `<g data-note-id>` of
 * plain text on a faint tint. Pure and deterministic: sizes are estimated from the text (the same
 * board gives the same bytes), and every piece of user text goes through `xmlText`.
 */

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans KR', sans-serif";
const MARGIN = 40;
const PAD = 8;
const LINE = { kind: 12, name: 17, detail: 14 } as const;
/** Roughly how wide a character of each line is, in px (wide characters count twice, see displayWidth). */
const CHAR = { name: 8.6, detail: 6.6 } as const;
const MAX_NAME_LINES = 4;
const MAX_DETAIL_LINES = 6;
const FAILURE = "#e03131";
const NOTE = { width: 200, line: 15, char: 6.8, maxLines: 12, fill: "#fffbe6" } as const;
const FRAME_TITLE = 16;
/** A coordinate drawn within ±DRAWING_RANGE: a board may place things at 1e308 (any finite number), which made the viewBox Infinity. */
function far(value: number): number {
  return Math.max(-DRAWING_RANGE, Math.min(DRAWING_RANGE, value));
}

/** Widths as the canvas's sticky.module.css sets them. */
const WIDTH: Readonly<Record<NodeKind, number>> = {
  event: 170,
  command: 170,
  aggregate: 190,
  policy: 160,
  readModel: 160,
  service: 200,
  externalSystem: 210,
  actor: 120,
  saga: 280,
  hotspot: 170,
};

interface Box {
  readonly node: BoardNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly name: string[];
  readonly details: { readonly text: string; readonly italic?: boolean }[];
}

/** The board as an SVG document (a trailing newline). */
export function svg(board: Board): string {
  return svgFromContext(contextOf(board));
}

/** {@link svg} of an analysed board. */
export function svgFromContext(context: GenerateContext): string {
  const { board } = context;
  const boxes = new Map(board.nodes.map((node) => [node.id, layout(node, context)]));
  const notes = (board.notes ?? []).map(noteLayout);
  const frames = board.frames ?? [];
  const all = [...boxes.values()];
  const extents = [
    ...all,
    ...notes,
    // A frame's title sits above its top edge.
    ...frames.map((f) => ({ x: far(f.position.x), y: far(f.position.y) - FRAME_TITLE - 6, width: f.size.width, height: f.size.height + FRAME_TITLE + 6 })),
  ];
  const minX = Math.min(0, ...extents.map((b) => b.x)) - MARGIN;
  const minY = Math.min(0, ...extents.map((b) => b.y)) - MARGIN;
  const maxX = Math.max(320, ...extents.map((b) => b.x + b.width)) + MARGIN;
  const maxY = Math.max(120, ...extents.map((b) => b.y + b.height)) + MARGIN;
  const [w, h] = [n(maxX - minX), n(maxY - minY)];
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(minX)} ${n(minY)} ${w} ${h}" width="${w}" height="${h}" font-family="${xmlText(FONT)}">`,
    `<title>${xmlText(board.name)}</title>`,
    ...(board.description ? [`<desc>${xmlText(board.description)}</desc>`] : []),
    "<defs>",
    `<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#868e96"/></marker>`,
    `<marker id="arrow-failure" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${FAILURE}"/></marker>`,
    "</defs>",
    `<rect x="${n(minX)}" y="${n(minY)}" width="${w}" height="${h}" fill="#ffffff"/>`,
  ];
  if (frames.length > 0) {
    // Largest first, so a nested frame is drawn over the frame around it.
    const largestFirst = [...frames].sort((a, b) => b.size.width * b.size.height - a.size.width * a.size.height);
    out.push('<g class="frames">', ...largestFirst.flatMap(frameElements), "</g>");
  }
  out.push('<g class="edges" fill="none" stroke="#868e96" stroke-width="1.5">');
  for (const edge of board.edges) {
    const source = boxes.get(edge.source);
    const target = boxes.get(edge.target);
    if (!source || !target) continue;
    const failure = target.node.kind === "event" && eventOutcome(target.node) === "failure";
    out.push(...edgeElements(edge.id, source, target, all, edge.label, failure));
  }
  out.push("</g>", '<g class="stickies">');
  for (const box of all) out.push(...stickyElements(box));
  out.push("</g>");
  if (notes.length > 0) out.push('<g class="notes">', ...notes.flatMap(noteElements), "</g>");
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/** A frame: a tinted rectangle with its name above its top-left corner, wrapped in one line. */
function frameElements(frame: Frame): string[] {
  const [x, y] = [far(frame.position.x), far(frame.position.y)];
  const { width, height } = frame.size;
  // A light tint of any colour (a black frame hid the arrows drawn over it).
  const fill = frameFill(frame);
  return [
    `<g data-frame-id="${xmlText(frame.id)}" transform="translate(${n(x)} ${n(y)})">`,
    `<rect width="${n(width)}" height="${n(height)}" rx="8" fill="${xmlText(fill)}" fill-opacity="0.55" stroke="#868e96" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    `<text x="4" y="-6" font-size="${FRAME_TITLE}" font-weight="700" fill="#343a40">${xmlText(clip(oneLine(frame.name), width / 9))}</text>`,
    "</g>",
  ];
}

interface NoteBox {
  readonly note: Note;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly lines: string[];
}

/** A note's size and lines: its text wrapped at a fixed width, line breaks kept. */
function noteLayout(note: Note): NoteBox {
  const perLine = (NOTE.width - 2 * PAD) / NOTE.char;
  const lines = note.text.split(/\r?\n/u).flatMap((line) => (line.trim() === "" ? [""] : wrap(line, perLine, NOTE.maxLines))).slice(0, NOTE.maxLines);
  return { note, x: far(note.position.x), y: far(note.position.y), width: NOTE.width, height: 2 * PAD + lines.length * NOTE.line, lines };
}

function noteElements(box: NoteBox): string[] {
  return [
    `<g data-note-id="${xmlText(box.note.id)}" transform="translate(${n(box.x)} ${n(box.y)})">`,
    `<rect width="${box.width}" height="${n(box.height)}" rx="2" fill="${NOTE.fill}"/>`,
    ...box.lines.map((line, i) => `<text x="${PAD}" y="${n(PAD + (i + 1) * NOTE.line - 4)}" font-size="12" fill="#495057">${xmlText(line)}</text>`),
    "</g>",
  ];
}

/** A sticky's size and lines, from its kind and text. */
function layout(node: BoardNode, context: GenerateContext): Box {
  const width = WIDTH[node.kind];
  const name = wrap(node.name, (width - 2 * PAD) / CHAR.name, MAX_NAME_LINES);
  const details = detailsOf(node, context).slice(0, MAX_DETAIL_LINES + 1);
  const shown = details.length > MAX_DETAIL_LINES ? [...details.slice(0, MAX_DETAIL_LINES - 1), { text: `+${details.length - MAX_DETAIL_LINES + 1} more` }] : details;
  const fitted = shown.map((d) => ({ ...d, text: clip(d.text, (width - 2 * PAD) / CHAR.detail) }));
  const height = PAD + LINE.kind + name.length * LINE.name + (fitted.length > 0 ? 4 + fitted.length * LINE.detail : 0) + PAD;
  return { node, x: far(node.position.x), y: far(node.position.y), width, height: Math.max(height, node.kind === "aggregate" ? 90 : 56), name, details: fitted };
}

/** What the canvas shows under a sticky's name. */
function detailsOf(node: BoardNode, context: GenerateContext): { text: string; italic?: boolean }[] {
  switch (node.kind) {
    case "event":
    case "command":
      return fieldLines(node.payload);
    case "readModel":
      return fieldLines(node.fields);
    case "service":
      return node.action.trim() ? [{ text: node.action, italic: true }] : [];
    case "saga":
      return node.steps.map((step, i) => {
        const participant = step.participant ? context.nodes.get(step.participant)?.name ?? step.participant : "?";
        return { text: `${i + 1}. ${participant} — ${step.action.name}${step.type === "pivot" ? " (pivot)" : ""}` };
      });
    default:
      return [];
  }
}

function fieldLines(fields: readonly Field[]): { text: string }[] {
  return fields.map((f) => ({ text: `${f.name}${fieldRequired(f) ? "" : "?"}: ${f.type === "array" ? `${f.items?.type ?? "object"}[]` : f.type}` }));
}

function stickyElements(box: Box): string[] {
  const { node } = box;
  const meta = KIND_META[node.kind];
  const failure = node.kind === "event" && eventOutcome(node) === "failure";
  const out = [
    `<g data-node-id="${xmlText(node.id)}" data-kind="${node.kind}" transform="translate(${n(box.x)} ${n(box.y)})">`,
    `<rect width="${box.width}" height="${n(box.height)}" rx="4" fill="${meta.fill}" stroke="${node.kind === "saga" ? "#7950f2" : "rgba(0,0,0,0.18)"}" stroke-width="${node.kind === "saga" ? 2 : 1}"/>`,
  ];
  if (failure) out.push(`<rect width="5" height="${n(box.height)}" fill="${FAILURE}"/>`);
  let y = PAD + 9;
  const label = failure ? `${meta.label} · failure` : meta.label;
  out.push(`<text x="${PAD}" y="${y}" font-size="9" font-weight="600" letter-spacing="0.5" fill="${failure ? FAILURE : "#495057"}">${xmlText(label.toUpperCase())}</text>`);
  y += LINE.kind - 9;
  for (const line of box.name) {
    y += LINE.name;
    out.push(`<text x="${PAD}" y="${y - 4}" font-size="13" font-weight="700" fill="#212529">${xmlText(line)}</text>`);
  }
  if (box.details.length > 0) y += 4;
  for (const detail of box.details) {
    y += LINE.detail;
    out.push(`<text x="${PAD}" y="${y - 3}" font-size="11" fill="#343a40"${detail.italic ? ' font-style="italic"' : ""}>${xmlText(detail.text)}</text>`);
  }
  out.push("</g>");
  return out;
}

/** An arrow from the source's right side to the target's left side, routed round the other stickies, and its label. */
function edgeElements(id: string, source: Box, target: Box, stickies: readonly Box[], label: string | undefined, failure: boolean): string[] {
  const from = { x: source.x + source.width, y: source.y + source.height / 2, side: "right" as const };
  const to = { x: target.x, y: target.y + target.height / 2, side: "left" as const };
  const route = routeEdge(from, to, stickies);
  const stroke = failure ? ` stroke="${FAILURE}"` : "";
  const marker = failure ? "arrow-failure" : "arrow";
  const out = [`<path data-edge-id="${xmlText(id)}" d="${routePath(route)}"${stroke} marker-end="url(#${marker})"/>`];
  if (label?.trim()) {
    const mid = route.label;
    out.push(`<text x="${n(mid.x)}" y="${n(mid.y - 4)}" font-size="10" text-anchor="middle" fill="#495057" stroke="#ffffff" stroke-width="3" paint-order="stroke">${xmlText(clip(label, 40))}</text>`);
  }
  return out;
}

/** `text` on at most `maxLines` lines of about `perLine` narrow characters, the last cut with `…`. */
function wrap(text: string, perLine: number, maxLines: number): string[] {
  const words = oneLine(text).split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next) <= perLine || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const broken = lines.flatMap((l) => (textWidth(l) > perLine ? chunks(l, perLine) : [l]));
  if (broken.length <= maxLines) return broken;
  return [...broken.slice(0, maxLines - 1), clip(broken.slice(maxLines - 1).join(" "), perLine)];
}

/** A word longer than a line, in pieces of a line each. */
function chunks(word: string, perLine: number): string[] {
  const out: string[] = [];
  let piece = "";
  for (const char of word) {
    if (textWidth(piece + char) > perLine && piece) {
      out.push(piece);
      piece = "";
    }
    piece += char;
  }
  if (piece) out.push(piece);
  return out;
}

/** `text` on one line, cut to about `width` narrow characters with `…`. */
function clip(text: string, width: number): string {
  const flat = oneLine(text);
  if (textWidth(flat) <= width) return flat;
  let out = "";
  for (const char of flat) {
    if (textWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}

/** A coordinate with at most one decimal: the same board gives the same bytes. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * How wide `text` draws, in average characters (the unit `CHAR` gives in px): a sans-serif's
 * capitals and m/w run wider than the average, i/l/punctuation narrower, CJK and emoji twice. An
 * estimate (no font is at hand), generous so that a name stays inside its sticky: a row of W's
 * ran 100 px past its box when every Latin letter counted the same.
 */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  if (displayWidth(char) === 2) return 2;
  if (char === "M" || char === "W" || char === "@" || char === "%") return 1.85;
  if (char === "m" || char === "w") return 1.4;
  if (char >= "A" && char <= "Z") return 1.3;
  if ("iIlj.,:;'|!()[]{} ".includes(char)) return 0.55;
  if ("frt-".includes(char)) return 0.75;
  return 1;
}
