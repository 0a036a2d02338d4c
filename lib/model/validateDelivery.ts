import { partitionKeyProblem } from "./defaults";
import type { ChannelUse } from "./issueCodes";
import { nameKey } from "./names";
import type { Board, BoardNode } from "./schema";
import { deadLetterQueueName, defaultGroupName, deriveTopology } from "./topology";
import { report, type Context } from "./validateContext";

/*
 * Validation of delivery (validate.ts calls it once per board): consumer group names, channel
 * names and partition keys, checked against the topology the design document, the AsyncAPI
 * document and the simulator all derive (topology.ts), so a name clash is found where it is made.
 */

/** Consumer group names, channel names and partition keys, against the derived topology. */
export function checkDelivery(context: Context, board: Board): void {
  const topology = deriveTopology(board, context.flow);
  const indexOf = new Map(board.nodes.map((node, index) => [node.id, index]));
  const explicit = new Map<string, BoardNode>();
  for (const group of topology.groups) {
    const node = group.nodeIds.map((id) => context.nodesById.get(id)).find((n) => n && "delivery" in n && n.delivery?.group !== undefined);
    const asked = node && "delivery" in node ? node.delivery?.group : undefined;
    const base = asked ?? defaultGroupName(group);
    if (group.name === base) {
      if (node && asked !== undefined) explicit.set(asked, node);
      continue;
    }
    // The group did not get the name it asked for (or its default): say who holds it.
    const holder = topology.groups.find((other) => other !== group && (other.name === base || other.dlq === base || other.name === deadLetterQueueName(base)));
    const dlqClash = holder !== undefined && (holder.dlq === base || holder.name === deadLetterQueueName(base));
    if (node && asked !== undefined) {
      const at = { path: `nodes[${indexOf.get(node.id)}].delivery.group`, nodeId: node.id };
      if (dlqClash) report(context, "consumer-group-is-dlq", { group: asked, consumer: node.name, other: holder.name }, at);
      else {
        const first = explicit.get(asked);
        const params = { group: asked, first: first?.name ?? holder?.consumer ?? "", second: node.name };
        // On both stickies: the one edited last is not known, and either may be the one to change.
        if (first) report(context, "consumer-group-taken", params, { path: `nodes[${indexOf.get(first.id)}].delivery.group`, nodeId: first.id });
        report(context, "consumer-group-taken", params, at);
      }
    } else {
      const first = context.nodesById.get(group.nodeIds[0] ?? "");
      report(context, "consumer-group-renamed", { consumer: group.consumer, group: group.name, wanted: base, holder: holder?.consumer ?? "" }, { path: `nodes[${indexOf.get(first?.id ?? "")}]`, nodeId: first?.id });
    }
  }
  // Stickies of one name are one consumer with one group: a key set differently on a later one has no effect.
  for (const group of topology.groups) {
    const used = new Map<string, unknown>();
    for (const id of group.nodeIds) {
      const node = context.nodesById.get(id);
      const delivery = node && "delivery" in node ? node.delivery : undefined;
      if (!node || !delivery) continue;
      for (const [key, value] of Object.entries(delivery) as [string, unknown][]) {
        if (value === undefined) continue;
        if (!used.has(key)) {
          used.set(key, value);
          continue;
        }
        if (used.get(key) === value) continue;
        const params = { sticky: node.name, key, value: JSON.stringify(value), group: group.name, used: JSON.stringify(used.get(key)) };
        report(context, "delivery-override-ignored", params, { path: `nodes[${indexOf.get(node.id)}].delivery.${key}`, nodeId: node.id });
      }
    }
  }
  const channels = new Map<string, ChannelUse>();
  for (const channel of topology.channels) {
    const what: ChannelUse = channel.kind === "events" ? { kind: "events" } : { kind: channel.kind, owner: channel.owner?.name ?? "" };
    const first = channels.get(channel.name);
    if (first === undefined) {
      channels.set(channel.name, what);
      continue;
    }
    const owner = board.nodes.find((node) => channel.owner && node.kind === channel.owner.kind && nameKey(node.name) === nameKey(channel.owner.name));
    const where = owner ? { path: `nodes[${indexOf.get(owner.id)}].${channel.kind === "replies" ? "replyChannel" : "commandChannel"}`, nodeId: owner.id } : { path: "nodes" };
    report(context, "channel-name-taken", { channel: channel.name, first, second: what }, where);
  }
  board.nodes.forEach((node, index) => {
    if (node.kind !== "event" || node.partitionKey === undefined) return;
    const problem = partitionKeyProblem(node);
    if (problem !== null) {
      report(context, "partition-key-unknown", { name: node.name, key: node.partitionKey, problem }, { path: `nodes[${index}].partitionKey`, nodeId: node.id });
    }
  });
}
