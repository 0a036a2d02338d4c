import type { ContractKind } from "./contracts";
import type { FieldChange } from "./fieldChanges";
import type { BreakDirection } from "./compatModes";
import type { FieldType } from "./schema";

/*
 * Which readers a change breaks, and why: the one table the diff, the CLI, the API and the
 * documents read. The field rules are Confluent Schema Registry's (Avro and JSON Schema):
 * BACKWARD allows deleting fields and adding optional ones; FORWARD allows adding fields and
 * deleting optional ones; a type change breaks both, except a widening (integer → number,
 * uuid or datetime → string), which new readers can still read (backward) and old ones cannot.
 * Contract-level rules are Stormflow's: a board knows the message's name, topic and key too.
 */

export type ContractChangeKind =
  | "contract-added"
  | "contract-removed"
  | "contract-renamed"
  | "aggregate-changed"
  | "topic-changed"
  | "partition-key-changed"
  | "version-raised"
  | "version-lowered"
  | FieldChange["change"];

/** Every change kind, in the order a contract's changes are listed. */
export const CHANGE_KINDS: readonly ContractChangeKind[] = [
  "contract-added",
  "contract-removed",
  "contract-renamed",
  "aggregate-changed",
  "version-raised",
  "version-lowered",
  "topic-changed",
  "partition-key-changed",
  "field-added",
  "field-removed",
  "field-retyped",
  "field-required",
  "field-optional",
];

/** A change as the rules see it. */
export interface RuleInput {
  readonly change: ContractChangeKind;
  readonly contractKind: ContractKind;
  readonly required?: boolean;
  readonly from?: string;
  readonly to?: string;
}

export interface RuleVerdict {
  /** The directions it breaks in (empty: compatible in every mode). */
  readonly breaks: readonly BreakDirection[];
  /** Why, in one sentence, for the direction(s) it breaks in (or why it does not). */
  readonly reason: string;
}

const WIDENINGS: ReadonlySet<string> = new Set(["integer>number", "uuid>string", "datetime>string"]);

/** Whether a field of type `from` may become `to` and still be read by new readers. */
export function isWidening(from: FieldType | string, to: FieldType | string): boolean {
  return WIDENINGS.has(`${from}>${to}`);
}

/** What the message is called in a reason: events are stored, commands and replies are only in flight. */
function what(kind: ContractKind): string {
  return kind === "event" ? "stored and in-flight events" : kind === "command" || kind === "step-command" ? "commands in flight" : "replies in flight";
}

export function judge(input: RuleInput): RuleVerdict {
  const old = what(input.contractKind);
  switch (input.change) {
    case "contract-added":
      return { breaks: [], reason: "a new contract: nothing reads it yet" };
    case "contract-removed":
      return {
        breaks: ["backward", "forward"],
        reason: `new code no longer reads ${old} of this type, and deployed consumers wait for messages no longer sent`,
      };
    case "contract-renamed":
      return {
        breaks: ["backward", "forward"],
        reason: `the message type changes from ${input.from} to ${input.to}: new code does not recognise ${old} under the old name, deployed consumers do not recognise the new one`,
      };
    case "aggregate-changed":
      return {
        breaks: ["backward", "forward"],
        reason: `the envelope's aggregateType changes from ${input.from} to ${input.to}: readers that route or rebuild by aggregate no longer find these events where they were`,
      };
    case "topic-changed":
      return {
        breaks: ["backward", "forward"],
        reason: `messages move from ${input.from} to ${input.to}: deployed consumers subscribed to ${input.from} no longer receive them, new consumers miss those still on it`,
      };
    case "partition-key-changed":
      return {
        breaks: ["backward", "forward"],
        reason: `the ordering key changes from ${input.from} to ${input.to}: while old and new producers overlap, messages of one entity land on different partitions and are read out of order`,
      };
    case "version-raised":
      return {
        breaks: [],
        reason: `a new version (v${input.from} → v${input.to}) on the same topic and type: consumers tell versions apart by the event's schemaVersion, and an upcaster turns v${input.from} into v${input.to}; deployed consumers of v${input.from} need it before v${input.to} is published`,
      };
    case "version-lowered":
      return { breaks: ["backward", "forward"], reason: `the version goes back (v${input.from} → v${input.to}): messages already written as v${input.from} would be read as an older schema` };
    case "field-added":
      return input.required
        ? { breaks: ["backward"], reason: `a required field new readers expect is missing from ${old} written before it existed` }
        : { breaks: [], reason: "an optional field: old messages lack it, old readers ignore it" };
    case "field-removed":
      return input.required
        ? { breaks: ["forward"], reason: "deployed consumers still require this field and new messages no longer carry it" }
        : { breaks: [], reason: "an optional field: old readers do without it, new readers ignore it in old messages" };
    case "field-retyped":
      return isWidening(input.from ?? "", input.to ?? "")
        ? { breaks: ["forward"], reason: `${input.from} widens to ${input.to}: new readers read old values, deployed consumers cannot read every new one` }
        : { breaks: ["backward", "forward"], reason: `${input.from} becomes ${input.to}: neither side reads the other's values` };
    case "field-required":
      return { breaks: ["backward"], reason: `now required: ${old} written while it was optional may lack it` };
    case "field-optional":
      return { breaks: ["forward"], reason: "now optional: deployed consumers still require it and new messages may lack it" };
  }
}
