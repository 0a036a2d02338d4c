import { parseBoard } from "./parse";
import { BOARD_FORMAT, CURRENT_SCHEMA_VERSION, type Board } from "./schema";
import orderFlowJson from "./templates/orderFlow.board.json" with { type: "json" };

let orderFlow: Board | undefined;

/**
 * The built-in "Order flow" board (the Order example of the seed documents), as a fresh deep
 * copy the caller may change freely. Parsed once, on first use, through the same `parseBoard`
 * as any user file, so the template can never drift from the format.
 */
export function orderFlowTemplate(): Board {
  orderFlow ??= parseBoard(orderFlowJson);
  return structuredClone(orderFlow);
}

/** A new board with no stickies. `name` must be 1-120 characters, as for any board. */
export function emptyBoard(name: string): Board {
  return { format: BOARD_FORMAT, schemaVersion: CURRENT_SCHEMA_VERSION, name, nodes: [], edges: [] };
}
