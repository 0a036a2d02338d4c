import { parseBoard, type Board } from "../../model";
import orderFlowV1Json from "../../model/fixtures/order-flow.v1.board.json" with { type: "json" };

/**
 * The Order template as schema v1 wrote it, read (migrated) as any user's v1 file is: its saga's
 * steps were texts (Order, Inventory, Payment, Order), with Cancel order, Release items and
 * Refund as compensations. Tests run it to prove a v1 board runs with the same saga outcomes.
 */
export function orderFlowV1(): Board {
  return parseBoard(orderFlowV1Json);
}

/** A board with its delivery defaults set (what a run's `maxAttempts` was before schema v2). */
export function withDelivery(board: Board, delivery: NonNullable<NonNullable<Board["settings"]>["delivery"]>): Board {
  return { ...board, settings: { ...board.settings, delivery: { ...board.settings?.delivery, ...delivery } } };
}
