import type { AnalysisIndex } from "./analyze";
import type { BoardAnalysis, ServiceAction } from "./analysisTypes";
import { describeIssue, type IssueCode, type IssueParams, type IssueSeverity } from "./issueCodes";
import type { SagaStepEdges } from "./sagaEdges";
import type { BoardNode, Field } from "./schema";

/*
 * What every part of validation shares: the `Issue` it reports, the `Context` it reads (the
 * analysis, indexed) and `report`. In a file of its own so the checks, split by subject
 * (validate.ts, validateSagas.ts, validateDelivery.ts, validateFields.ts), import it without
 * importing each other.
 */

/** One problem on a board, located for the Problems panel and the canvas badges. */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  /** The English sentence: what the API and the CLI print. */
  readonly message: string;
  /**
   * The facts `message` was built from (the catalogue's parameters for `code`), so the UI can say
   * the same in another language. Optional: an issue made elsewhere may come without them.
   */
  readonly params?: IssueParams<IssueCode>;
  /** Where, as in parse errors: `nodes[3].payload[0].name`, `edges[4]`. */
  readonly path: string;
  readonly nodeId?: string;
  readonly edgeId?: string;
}

/** The analysis, indexed, and what the node loop has seen so far. */
export interface Context extends AnalysisIndex {
  readonly flow: BoardAnalysis;
  /** The arrow each saga step travels (lib/model/sagaEdges.ts). */
  readonly stepEdges: SagaStepEdges;
  readonly serviceActions: ReadonlyMap<string, ServiceAction>;
  /** Stickies some saga step orchestrates: they receive commands, so they have input. */
  readonly participantIds: ReadonlySet<string>;
  readonly nodesById: ReadonlyMap<string, BoardNode>;
  /** Event and command stickies by name: the first of each name. */
  readonly boardNames: Map<string, { kind: "event" | "command"; node: BoardNode }>;
  /** Step messages by name: what the first use was, for name and payload checks. */
  readonly sagaMessages: Map<string, { role: "command" | "reply"; saga: string; step: number; payload: readonly Field[] }>;
  /** The first sticky of each kind and name: `event:orderplaced` -> its node and index. */
  readonly firstOfName: Map<string, { node: BoardNode; index: number }>;
  /** Event type -> the name of the first event that has it. */
  readonly eventTypeOwner: Map<string, string>;
  readonly issues: Issue[];
}

export interface Where {
  readonly path: string;
  readonly nodeId?: string;
  readonly edgeId?: string;
}

export function report<C extends IssueCode>(context: Context, code: C, params: IssueParams<C>, where: Where): void {
  const issue: Issue = { code, ...describeIssue(code, params), ...where };
  // Not enumerable: an issue still prints, serializes (API, CLI --json) and compares as it always
  // has, code, severity, message and place; the parameters are for a translation to read.
  Object.defineProperty(issue, "params", { value: params, enumerable: false });
  context.issues.push(issue);
}
