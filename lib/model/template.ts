import { parseBoard } from "./parse";
import { BOARD_FORMAT, CURRENT_SCHEMA_VERSION, type Board } from "./schema";
import createOrderSagaJson from "./templates/createOrderSaga.board.json" with { type: "json" };
import orderFlowJson from "./templates/orderFlow.board.json" with { type: "json" };

/*
 * The built-in boards. Each is parsed once, on first use, through the same `parseBoard` as any
 * user file, so a template can never drift from the format, and handed out as a fresh deep copy
 * the caller may change freely.
 */

const parsed = new Map<string, Board>();
function template(key: string, json: unknown): Board {
  let board = parsed.get(key);
  if (!board) parsed.set(key, (board = parseBoard(json)));
  return structuredClone(board);
}

/**
 * "Order flow": the Order example of the seed documents. OrderPlaced starts OrderSaga, which
 * orchestrates InventoryService and PaymentService (compensable) and the Order aggregate (the
 * pivot), as seed 000's OrderSaga does.
 */
export function orderFlowTemplate(): Board {
  return template("orderFlow", orderFlowJson);
}

/**
 * "Create Order saga": the classic saga of microservices.io. The consumer check and the kitchen
 * ticket are compensable, card authorization is the pivot, ticket and order approval are
 * retriable; the Kitchen service runs steps 2 and 4.
 */
export function createOrderSagaTemplate(): Board {
  return template("createOrderSaga", createOrderSagaJson);
}

/** The built-in templates, for a picker: id, name and the board. */
export const TEMPLATES = [
  { id: "order-flow", create: orderFlowTemplate },
  { id: "create-order-saga", create: createOrderSagaTemplate },
] as const;

/** A new board with no stickies. `name` must be 1-120 characters, as for any board. */
export function emptyBoard(name: string): Board {
  return { format: BOARD_FORMAT, schemaVersion: CURRENT_SCHEMA_VERSION, name, nodes: [], edges: [] };
}
