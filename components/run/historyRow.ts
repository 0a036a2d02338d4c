import { formatCount } from "./format";
import type { RunStrings } from "./strings";

/** What a run in the run history says of its sagas. */
export interface HistorySagas {
  /** The counts: completed and compensated, and failed when any did. */
  readonly text: string;
  /**
   * Some sagas failed, in words (null: none did). A run whose invariants held completes even
   * when none of its sagas did: its row warns (chip and counts in the warning tone) and says so.
   */
  readonly warning: string | null;
}

/** The sagas of a run as its history row shows them; null for a run that has no saga counts yet. */
export function historySagas(sagas: { completed: number; compensated: number; failed: number } | null | undefined, S: RunStrings): HistorySagas | null {
  if (!sagas) return null;
  const failed = sagas.failed > 0 ? sagas.failed : 0;
  return {
    text: S.historySagas(formatCount(sagas.completed), formatCount(sagas.compensated), failed > 0 ? formatCount(failed) : null),
    warning: failed > 0 ? S.historySagasFailed(failed) : null,
  };
}
