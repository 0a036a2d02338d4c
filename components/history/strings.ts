import type { CompatMode } from "@/lib/model/compatModes";
import type { ContractChangeKind } from "@/lib/model/compatRules";
import type { ContractKind } from "@/lib/model/contracts";
import type { RevisionSummary } from "@/lib/model/revisionSummary";
import type { Dictionary } from "@/lib/i18n/dictionary";

/**
 * Every user-facing string of the History tab, the read-only revision view and the comparison, in
 * one place so a Korean UI can follow. Functions take what they interpolate, so word order may
 * change per language.
 */
export const historyStrings = {
  tab: "History",
  panelLabel: "Board history",
  listLabel: "Revisions, newest first",
  refresh: "Refresh the history",
  loading: "Loading the history…",
  loadFailed: "The history could not be loaded",
  retry: "Retry",
  empty: "No revision is kept yet: the board's first save will appear here.",
  loadOlder: "Load older",
  loadingOlder: "Loading…",
  revisionNo: (revision: number) => `#${revision}`,
  /** What a revision changed: English is the text stored with it (lib/model/revisionSummary.ts); other languages compose it from its counts. */
  // The row's red badge says how many changes break: the text does not say it twice.
  summary: (summary: RevisionSummary, _first: boolean) => (summary.breaking > 0 && summary.text.includes(" · ") ? summary.text.slice(0, summary.text.lastIndexOf(" · ")) : summary.text),
  current: "current",
  viewing: "viewing",
  by: (authors: readonly string[]) => ` · by ${authors.join(", ")}`,
  breakingBadge: (n: number) => `${n} breaking`,
  breakingBadgeTitle: (n: number) => `${n} breaking contract ${n === 1 ? "change" : "changes"} under the full mode`,
  viewRevision: (revision: number, when: string) => `View revision ${revision} (${when}) read-only`,
  compareWithCurrent: "Compare with current",
  compareWithCurrentLabel: (revision: number) => `Compare revision ${revision} with the current revision`,
  compareWithPrevious: "Compare with previous",
  compareWithPreviousLabel: (revision: number) => `Compare revision ${revision} with the revision before it`,

  // The read-only view
  banner: (revision: number, date: string) => `Viewing revision ${revision} of ${date} — read-only`,
  bannerBoardName: (name: string) => `Board “${name}”`,
  backToCurrent: "Back to current",
  restoreThis: "Restore this revision",
  viewLoading: (revision: number) => `Loading revision ${revision}…`,
  viewFailed: (revision: number, message: string) => `Revision ${revision} could not be opened: ${message}`,
  restoreTitle: (revision: number) => `Restore revision ${revision}?`,
  restoreBody: (revision: number, current: number) =>
    `The board's content becomes that of revision ${revision}, saved as a new revision after #${current}. Nothing is lost: revision ${current} stays in the history, and everyone on the board sees the restored content.`,
  restoreConfirm: "Restore",
  restoreConflict: (current: number | null) =>
    `The board was saved again while you looked${current === null ? "" : ` (it is now at #${current})`}. Restoring would have overwritten that save, so nothing was restored: check the newest revision, then restore again if you still want to.`,
  restoreFailed: (message: string) => `The revision could not be restored: ${message}`,
  restored: (revision: number, as: number) => `Revision ${revision} restored as revision ${as}.`,

  // The comparison
  compare: "Compare",
  compareLabel: "Compare two revisions",
  from: "From",
  to: "To",
  mode: "Mode",
  closeCompare: "Close comparison",
  comparePrompt: "Pick “Compare with current” on a revision, or choose From and To, to see what changed in its contracts.",
  comparing: "Comparing…",
  compareFailed: "The comparison could not be made",
  sameRevision: "From and To are the same revision: pick two different ones.",
  compatible: "Compatible",
  breakingChanges: (n: number) => `${n} breaking ${n === 1 ? "change" : "changes"}`,
  changeCount: (n: number) => (n === 0 ? "no contract changed" : `${n} contract ${n === 1 ? "change" : "changes"} in all`),
  verdictDetail: (from: number, to: number, mode: string, count: string) => `#${from} → #${to} · ${mode} · ${count}`,
  cancel: "Cancel",
  noChanges: "No contract changed between these revisions.",
  breaking: "breaking",
  changesLabel: "Contract changes",
  revealChange: (contract: string, change: string, breaking: boolean) => `Show ${contract} on the canvas: ${change}${breaking ? ", breaking" : ""}`,
  consumers: (names: readonly string[]) => (names.length === 0 ? "no consumers" : `read by ${names.join(", ")}`),
  against: (revision: number) => `against revision ${revision}`,
  wholeContract: "the whole contract",
  highlightLegend: "Changed contracts are outlined on the canvas: red breaking, amber compatible.",

  modes: {
    backward: "backward",
    "backward-transitive": "backward, transitive",
    forward: "forward",
    "forward-transitive": "forward, transitive",
    full: "full (default)",
    "full-transitive": "full, transitive",
    none: "none",
  } satisfies Record<CompatMode, string>,
  modeHints: {
    backward: "Backward: new code reads old data (events already stored, messages in flight).",
    "backward-transitive": "Backward, transitive: new code reads data written under every earlier revision.",
    forward: "Forward: deployed consumers read new data.",
    "forward-transitive": "Forward, transitive: consumers of every earlier revision read new data.",
    full: "Full: both — new code reads old data and deployed consumers read new data.",
    "full-transitive": "Full, transitive: both, against every earlier revision.",
    none: "None: changes are listed, nothing is judged breaking.",
  } satisfies Record<CompatMode, string>,
  contractKinds: {
    event: "event",
    command: "command",
    "step-command": "saga step command",
    "step-reply": "saga step reply",
  } satisfies Record<ContractKind, string>,
  changeKinds: {
    "contract-added": "contract added",
    "contract-removed": "contract removed",
    "contract-renamed": "contract renamed",
    "aggregate-changed": "aggregate changed",
    "version-raised": "version raised",
    "version-lowered": "version lowered",
    "topic-changed": "topic changed",
    "partition-key-changed": "partition key changed",
    "field-added": "field added",
    "field-removed": "field removed",
    "field-retyped": "field type changed",
    "field-required": "field made required",
    "field-optional": "field made optional",
  } satisfies Record<ContractChangeKind, string>,
};

/** The shape of these strings in every language. */
export type HistoryStrings = Dictionary<typeof historyStrings>;
