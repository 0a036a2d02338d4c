/**
 * Size limits of a board. They keep a hostile or broken file from exhausting the browser
 * or the server, and are far above what a person draws on a canvas.
 * Lengths count UTF-16 code units, as JavaScript's `String.length` does.
 */
export const LIMITS = {
  /** Largest board file, in characters, that `parseBoardText` reads at all. */
  textLength: 32 * 1024 * 1024,
  /** Board and sticky names. */
  nameLength: 120,
  /** Board, sticky and field descriptions. */
  descriptionLength: 4000,
  /** Node and edge ids. */
  idLength: 64,
  /** Service actions, event topics, edge labels, saga step texts. */
  shortTextLength: 200,
  /** Field names. */
  fieldNameLength: 120,
  nodes: 5000,
  edges: 10000,
  /** Bounded-context frames on one board. */
  frames: 200,
  /** Free text notes on one board. */
  notes: 2000,
  /** A frame's width or height, in canvas pixels. */
  frameSize: 100_000,
  /** A frame's smallest width or height: room for its name. */
  frameMinSize: 80,
  /** Fields in one payload, read model or object field. */
  fieldsPerList: 200,
  /** Levels of `fields`/`items` nesting, counting the top-level list as level 1. */
  fieldDepth: 8,
  sagaSteps: 100,
  /** Attempts of one message before it is dead-lettered (delivery policies). */
  maxAttempts: 20,
  /** Retry delays and saga step timeouts, in milliseconds (one hour). */
  delayMs: 3_600_000,
} as const;

/**
 * How far from the origin anything is drawn, in canvas pixels (the canvas and the SVG). Not a
 * limit of the format: a position may be any finite number (1e308 included), since files that
 * hold one must keep loading (v1 files forever, and every saved board); what lies beyond is
 * drawn at this distance, where it can still be found and dragged back. Drawn where it is, it
 * made the SVG's viewBox Infinity and the canvas blank.
 */
export const DRAWING_RANGE = 10_000_000;
