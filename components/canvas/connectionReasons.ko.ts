import { inferRefusal, type AllowedPair, type ReasonedPair } from "@/lib/model/grammar";
import { KIND_LABELS_KO, type NodeKind } from "@/lib/model/kinds";
import { josa } from "@/components/i18n/josa";

/*
 * The edge grammar in Korean: what each allowed edge means and why a refused one is refused, the
 * same tables as lib/model/grammar.ts. Typed by the English tables' keys (`AllowedPair`,
 * `ReasonedPair`), so a rule or a written reason added there does not compile until it is here;
 * the other refused pairs are worded from the same finding as the English (`inferRefusal`).
 */

const K = KIND_LABELS_KO;

/** What an allowed edge means, as the English `EDGE_RULES[].meaning`. */
export const EDGE_MEANINGS_KO: Readonly<Record<AllowedPair, string>> = {
  "actor->command": "액터가 커맨드를 발행한다",
  "command->aggregate": "애그리거트가 커맨드를 처리한다",
  "command->externalSystem": "커맨드가 외부 시스템으로 보내진다",
  "command->saga": "커맨드가 사가를 시작한다",
  "aggregate->event": "애그리거트가 이벤트를 발행한다 (이 스티커로 들어오는 커맨드를 처리할 때)",
  "externalSystem->event": "외부 시스템이 이벤트를 발행한다",
  "service->event": "서비스가 이벤트를 발행한다",
  "saga->event": "사가가 끝날 때 이벤트를 발행한다",
  "saga->service": "사가가 서비스를 조율한다: 단계 커맨드를 보내고 응답을 기다린다",
  "saga->aggregate": "사가가 애그리거트를 조율한다: 단계 커맨드를 보내고 응답을 기다린다",
  "saga->externalSystem": "사가가 외부 시스템을 조율한다: 단계 커맨드를 보내고 응답을 기다린다",
  "event->policy": "이벤트가 정책을 작동시킨다",
  "policy->command": "정책이 커맨드를 발행한다",
  "event->service": "서비스가 이벤트를 소비하고 자신의 동작을 한다",
  "event->readModel": "이벤트가 읽기 모델에 투영된다",
  "event->saga": "이벤트가 사가를 시작한다",
  "readModel->actor": "읽기 모델이 액터에게 정보를 준다",
};

/** The meaning of any edge to or from a hotspot (the English `HOTSPOT_MEANING`). */
export const HOTSPOT_MEANING_KO = "주석: 핫스팟이 스티커에 의견을 단다";

/** The written reasons, pair for pair the English `REFUSAL_REASONS`. */
export const REFUSAL_REASONS_KO: Readonly<Record<ReasonedPair, string>> = {
  "event->command": "이벤트는 커맨드를 발행할 수 없습니다: 둘 사이에 정책을 추가하세요 (이벤트 → 정책 → 커맨드).",
  "command->event": "커맨드는 스스로 이벤트를 발행하지 않습니다: 커맨드를 처리하는 애그리거트를 추가하세요 (커맨드 → 애그리거트 → 이벤트).",
  "actor->event":
    "액터는 이벤트를 발행하지 않습니다: 액터가 커맨드를 발행하고, 그 커맨드를 처리하는 애그리거트가 이벤트를 발행합니다 (액터 → 커맨드 → 애그리거트 → 이벤트).",
  "actor->aggregate": "액터는 애그리거트에 직접 작용하지 않습니다: 액터가 발행하는 커맨드를 추가하세요 (액터 → 커맨드 → 애그리거트).",
  "actor->policy": "정책은 사람이 아니라 이벤트에 반응합니다: 액터가 발행하는 커맨드를 추가하세요.",
  "event->aggregate":
    "이벤트는 애그리거트로 들어가지 않습니다: 이벤트에 반응하는 정책과 그 정책이 발행하는 커맨드를 추가하세요 (이벤트 → 정책 → 커맨드 → 애그리거트).",
  "event->event":
    "이벤트는 스스로 다른 이벤트를 일으키지 않습니다: 이벤트를 소비하고 다음 이벤트를 발행하는 서비스를 추가하거나 (이벤트 → 서비스 → 이벤트), 정책과 커맨드를 추가하세요.",
  "event->actor": "이벤트는 액터에게 직접 알리지 않습니다: 읽기 모델에 투영하세요 (이벤트 → 읽기 모델 → 액터).",
  "command->command": "커맨드는 다른 커맨드를 발행하지 않습니다: 커맨드의 애그리거트가 이벤트를 발행하고, 정책이 다음 커맨드를 발행합니다.",
  "command->policy": "정책은 커맨드가 아니라 이벤트에 반응합니다: 커맨드를 처리하는 애그리거트와 그 애그리거트가 발행하는 이벤트를 추가하세요.",
  "command->service":
    "서비스는 커맨드가 아니라 이벤트를 소비합니다: 커맨드를 처리하는 애그리거트와 그 애그리거트가 발행하는 이벤트를 추가하세요 (커맨드 → 애그리거트 → 이벤트 → 서비스).",
  "command->readModel": "읽기 모델은 커맨드가 아니라 이벤트로 만들어집니다: 커맨드를 처리하는 애그리거트와 그 애그리거트가 발행하는 이벤트를 추가하세요.",
  "aggregate->command":
    "애그리거트는 커맨드를 발행하지 않습니다: 애그리거트는 이벤트를 발행하고, 정책이 커맨드를 발행합니다 (애그리거트 → 이벤트 → 정책 → 커맨드).",
  "aggregate->aggregate": "애그리거트끼리는 서로 호출하지 않습니다: 이벤트를 발행하고, 정책이 다른 애그리거트에 커맨드를 발행하게 하세요.",
  "policy->event": "정책은 이벤트를 발행하지 않습니다: 정책은 커맨드를 발행합니다 (정책 → 커맨드).",
  "policy->aggregate": "정책은 커맨드를 발행하고, 애그리거트가 그 커맨드를 처리합니다: 둘 사이에 커맨드를 추가하세요.",
  "readModel->command": "읽기 모델은 액터에게 정보를 주고, 커맨드는 액터가 발행합니다: 둘 사이에 액터를 추가하세요.",
  "service->command": "서비스는 커맨드가 아니라 이벤트를 발행합니다: 이벤트를 발행하고, 커맨드를 발행하는 정책을 추가하세요.",
  "saga->command":
    "사가는 단계 커맨드를 직접 보냅니다: 각 단계의 커맨드는 사가의 단계에 적고, 사가를 그 커맨드를 처리하는 참여자에 연결하세요 (사가 → 서비스, 애그리거트 또는 외부 시스템).",
  "service->saga": "응답은 사가의 응답 채널로 저절로 돌아옵니다: 반대 방향이 아니라 사가를 참여자에 연결하세요 (사가 → 서비스).",
  "aggregate->saga":
    "응답은 사가의 응답 채널로 저절로 돌아옵니다: 반대 방향이 아니라 사가를 참여자에 연결하세요 (사가 → 애그리거트). 사가를 시작하려면 애그리거트가 발행하는 이벤트를 연결하세요 (애그리거트 → 이벤트 → 사가).",
  "externalSystem->saga": "응답은 사가의 응답 채널로 저절로 돌아옵니다: 반대 방향이 아니라 사가를 참여자에 연결하세요 (사가 → 외부 시스템).",
};

const REASONS: Partial<Record<string, string>> = REFUSAL_REASONS_KO;
const MEANINGS: Partial<Record<string, string>> = EDGE_MEANINGS_KO;

/** "A, B 또는 C". */
function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} 또는 ${items[items.length - 1]}`;
}

/** The meaning of an edge the table allows (hotspots included), in Korean. */
export function edgeMeaningKo(source: NodeKind, target: NodeKind): string {
  if (source === "hotspot" || target === "hotspot") return HOTSPOT_MEANING_KO;
  return MEANINGS[`${source}->${target}`] ?? "";
}

/** Why an edge from a `source` to a `target` sticky is refused, in Korean (the kinds only). */
export function refusalReasonKo(source: NodeKind, target: NodeKind): string {
  const written = REASONS[`${source}->${target}`];
  if (written) return written;
  const to = source === target ? `다른 ${K[target]}` : K[target];
  const found = inferRefusal(source, target);
  if (found.type === "reverse") {
    return `이 연결은 방향이 반대입니다: ${edgeMeaningKo(target, source)}. ${K[target]}에서 ${josa(K[source], "으로/로")} 그리세요.`;
  }
  if (found.type === "bridge") {
    return `${josa(K[source], "은/는")} ${to}에 직접 연결되지 않습니다: 둘 사이에 ${josa(K[found.via], "을/를")} 추가하세요 (${K[source]} → ${K[found.via]} → ${K[target]}).`;
  }
  return `${josa(K[source], "은/는")} ${to}에 연결할 수 없습니다: ${josa(K[source], "은/는")} ${listOf(found.targets.map((kind) => K[kind]))}에만 연결되고, ${josa(K[target], "은/는")} ${listOf(found.sources.map((kind) => K[kind]))}에서 오는 연결만 받습니다.`;
}

/** Why an edge from a sticky to itself is refused (the English "A sticky cannot be connected to itself."). */
export const SELF_REFUSAL_KO = "스티커를 자기 자신에 연결할 수 없습니다.";

/** Why a connection with an end that is not a sticky of the board is refused. */
export const NOT_ON_BOARD_KO = "연결의 양 끝은 이 보드의 스티커여야 합니다.";

/** Why a second edge between the same two stickies is refused; names are the user's, as typed. */
export function alreadyConnectedKo(source: string, target: string): string {
  return `${josa(source, "은/는")} 이미 ${target}에 연결되어 있습니다.`;
}
