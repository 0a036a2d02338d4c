import { applyCommand, decideAggregates, type CommandDelivery } from "./commands";
import type { RunContext } from "../context";
import { errorText, isDuplicateEvent } from "../errors";
import { stableUuid } from "../hash";
import { commandPayload } from "../payload";
import type { CommandInfo } from "../../model";
import { aggregateKey } from "../scenario/faults";
import { streamIdOf } from "../topology";

/** The ids of entry command number `instance` of a run: hashes, so a re-issue after a restart is the same command. */
export function instanceIds(runId: string, instance: number): { commandId: string; correlationId: string; subjectId: string } {
  return {
    commandId: stableUuid(runId, "command", instance),
    correlationId: stableUuid(runId, "correlation", instance),
    subjectId: stableUuid(runId, "subject", instance),
  };
}

/**
 * Issues entry command number `instance` and has it handled; returns its correlation id, whose
 * flow (everything the command causes downstream, sagas included) goes on in the broker and is
 * followed by `Flows`. Re-issuing an instance (a resumed run) changes nothing it already did: its
 * events have the same ids (a duplicate append is recognised) and its sagas the same streams.
 */
export async function runInstance(ctx: RunContext, instance: number, options: { fresh: boolean } = { fresh: false }): Promise<string> {
  const command = ctx.topology.commands.get(ctx.topology.key(ctx.scenario.command));
  if (!command) throw new Error(`the board has no command ${ctx.scenario.command}`);
  const ids = instanceIds(ctx.runId, instance);
  const payload = commandPayload(command.payload, ctx.scenario.seed, instance);
  if (options.fresh) {
    // The entity was minted just now by this run: its streams are empty, no need to read them.
    for (const handler of command.handlers) if (handler.kind === "aggregate") ctx.versions.set(streamIdOf(handler.name, ids.subjectId), 0);
  }
  // The command as the actor issues it: on the command sticky the actor's edge enters.
  const actors = ctx.topology.analysis.actors.filter((actor) => actor.commands.includes(command.name)).flatMap((actor) => actor.nodeIds);
  const drawn = command.nodeIds.find((id) => ctx.topology.edges.between(actors, id)) ?? command.nodeIds[0] ?? null;
  const span = ctx.tracer.start("command", command.name, { traceId: ids.correlationId, parentSpanId: null }, {
    correlationId: ids.correlationId,
    causationId: null,
    commandId: ids.commandId,
    messageId: ids.commandId,
    instance,
    subjectId: ids.subjectId,
    nodeId: drawn,
    edgeId: drawn ? ctx.topology.edges.between(actors, drawn) : null,
  });
  const delivery: CommandDelivery = {
    command,
    commandId: ids.commandId,
    correlationId: ids.correlationId,
    subjectId: ids.subjectId,
    instance,
    payload,
    parentSpanId: span.spanId,
    key: `${instance}|${command.name}`,
  };
  const sagasOnly = () => applyCommand(ctx, { ...delivery, command: { ...command, handlers: command.handlers.filter((h) => h.kind === "saga") } }, new Map());
  if (!options.fresh && (await attemptedBefore(ctx, command, ids))) {
    // Handled before a restart, by an aggregate the faults hit: its attempts (and their failures) are not made again.
    span.end("ok", { reissued: true });
    ctx.counters.commands.handled++;
    await sagasOnly();
    return ids.correlationId;
  }
  try {
    const decisions = await decideAggregates(ctx, delivery);
    const applied = await applyCommand(ctx, delivery, decisions);
    if (applied.rejected) ctx.counters.commands.rejected++;
    else ctx.counters.commands.handled++;
    span.end(applied.rejected ? "error" : "ok", applied.rejected ? { error: "rejected by a faulted aggregate with no failure event" } : {});
  } catch (err) {
    if (!isDuplicateEvent(err)) {
      span.end("error", { error: errorText(err) });
      throw err;
    }
    // Issued before a restart: its events are stored already. A saga it starts may still need starting.
    span.end("ok", { reissued: true });
    ctx.counters.commands.handled++;
    await sagasOnly();
  }
  return ids.correlationId;
}

/**
 * Whether an entry command issued again by a resumed run was handled before the crash by the
 * aggregates the faults hit: each has its events caused by the command. Their attempts would
 * otherwise be made again, with the same fault draws, and their failures and retries counted
 * twice. (Without faults an aggregate's handling is one attempt, and the append finds the events
 * stored already: no need to read its stream.)
 */
async function attemptedBefore(ctx: RunContext, command: CommandInfo, ids: ReturnType<typeof instanceIds>): Promise<boolean> {
  const faulted = command.handlers.filter((h) => h.kind === "aggregate" && ctx.faults.targets([aggregateKey(ctx.topology.key(h.name))]));
  if (faulted.length === 0) return false;
  for (const handler of faulted) {
    const events = await ctx.store.events.readStream(streamIdOf(handler.name, ids.subjectId));
    if (!events.some((e) => (e.metadata as Record<string, unknown>).causationId === ids.commandId)) return false;
  }
  return true;
}
