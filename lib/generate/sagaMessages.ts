import type { SagaInfo, SagaMessageInfo, SagaMessageRole, SagaStepInfo } from "../model/analyze";
import { nameKey } from "../model/names";
import type { GenerateContext } from "./context";
import { oneLine } from "./escape";
import { DESIGN_WORDS } from "./i18n";

/** One use of a saga step command or reply: the step, its role there, and where it travels. */
export interface SagaMessageUse {
  readonly saga: SagaInfo;
  /** Null for the dead-letter notice, which may answer any step. */
  readonly step: SagaStepInfo | null;
  readonly role: SagaMessageRole;
  /** The command channel (actions, compensations) or the saga's reply channel (replies), from the topology. */
  readonly channel: string | null;
  /**
   * The use in one English sentence, for TSDoc and AsyncAPI descriptions: who sends it to whom,
   * on which channel, and what it means for the saga. Names are on one line and unescaped: the
   * caller escapes for its output.
   */
  readonly sentence: string;
}

/**
 * Every use of every step command and reply (`analysis.sagaCommands`, `analysis.sagaReplies`),
 * by message, in saga and step order. Channels come from the topology, never derived here.
 */
export function sagaMessageUses(context: GenerateContext): Map<SagaMessageInfo, SagaMessageUse[]> {
  const { analysis, topology } = context;
  const sagas = new Map(analysis.sagas.map((saga) => [saga.key, saga]));
  const out = new Map<SagaMessageInfo, SagaMessageUse[]>();
  for (const message of [...analysis.sagaCommands, ...analysis.sagaReplies]) {
    const uses = message.uses.flatMap((use): SagaMessageUse[] => {
      const saga = sagas.get(nameKey(use.saga));
      if (saga && use.role === "dead-lettered") {
        const channel = topology.replyChannels.get(saga.key) ?? null;
        const on = channel ? ` on ${code(channel)}` : "";
        const sentence = `Sent by a participant of saga ${oneLine(saga.name)}${on} when it gives up on one of the saga's step commands (the command is dead-lettered): the step fails, or, for a compensation, the saga ends failed.`;
        return [{ saga, step: null, role: use.role, channel, sentence }];
      }
      const step = saga?.steps[use.stepIndex];
      if (!saga || !step) return [];
      const isCommand = use.role === "action" || use.role === "compensation";
      const channel = isCommand
        ? step.participant
          ? (topology.commandChannels.get(`${step.participant.kind}:${nameKey(step.participant.name)}`) ?? null)
          : null
        : (topology.replyChannels.get(saga.key) ?? null);
      return [{ saga, step, role: use.role, channel, sentence: sentence(saga, step, use.role, channel) }];
    });
    out.set(message, uses);
  }
  return out;
}

function sentence(saga: SagaInfo, step: SagaStepInfo, role: SagaMessageRole, channel: string | null): string {
  const name = oneLine(saga.name);
  const n = step.index + 1;
  const action = oneLine(step.action.name);
  const on = channel ? ` on ${code(channel)}` : "";
  const participant = step.participant ? oneLine(step.participant.name) : null;
  const from = participant ? `Sent by ${participant}` : `Sent by the participant of step ${n} (none chosen yet)`;
  switch (role) {
    case "action": {
      const to = participant ? `to ${participant}${on}` : "whose participant is not chosen yet";
      const replies = [step.success.name, ...(step.failure ? [step.failure.name] : [])].map(oneLine).join(" or ");
      const timeout = DESIGN_WORDS.en.retry.milliseconds(step.timeoutMs);
      return `Sent by saga ${name}, step ${n} (${step.type}), ${to}; the saga awaits ${replies} (timeout ${timeout}).`;
    }
    case "compensation": {
      const to = participant ? ` to ${participant}${on}` : "";
      const reply = step.compensation ? oneLine(step.compensation.reply.name) : "";
      return `Sent by saga ${name}${to} to undo step ${n} (${action}); the saga awaits ${reply}.`;
    }
    case "success": {
      const next = n < saga.steps.length ? `the saga moves on to step ${n + 1}` : "the saga completes";
      return `${from} to saga ${name}${on} when step ${n} (${action}) succeeds: ${next}.`;
    }
    case "failure":
      return `${from} to saga ${name}${on} when it refuses step ${n} (${action}): the step fails and ${afterFailure(saga, step)}.`;
    case "compensated": {
      const undo = step.compensation ? ` (${oneLine(step.compensation.name)})` : "";
      return `${from} to saga ${name}${on} when step ${n} (${action}) is undone${undo}.`;
    }
    case "dead-lettered":
      return `Sent to saga ${name}${on} when a participant gives up on step ${n} (${action}).`;
  }
}

/**
 * What a failed step leads to (lib/model/README.md, "A saga at run time"): a retriable step is
 * sent again; a compensable step or the pivot makes the saga undo the completed compensable
 * steps in reverse order.
 */
function afterFailure(saga: SagaInfo, step: SagaStepInfo): string {
  if (step.type === "retriable") return "the saga sends it again";
  const undo = saga.steps
    .slice(0, step.index)
    .flatMap((earlier) => (earlier.compensation ? [oneLine(earlier.compensation.name)] : []))
    .reverse();
  return undo.length > 0 ? `the saga compensates: ${undo.join(", then ")}` : "the saga ends, with no completed step to undo";
}

/** A channel as inline code, on one line (a backtick becomes `'`: neither TSDoc nor YAML prose escapes it). */
function code(text: string): string {
  return `\`${oneLine(text).replace(/`/gu, "'")}\``;
}
