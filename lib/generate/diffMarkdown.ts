import type { CompatMode } from "../model/compatModes";
import type { ContractChangeKind } from "../model/compatRules";
import type { ContractKind } from "../model/contracts";
import type { BoardDiff, ContractChange } from "../model/diffBoards";
import { markdownCode, markdownTable, markdownText } from "./escape";
import type { Lang } from "./i18n";

/*
 * A compatibility diff (lib/model/diffBoards.ts) as Markdown for a pull-request comment, in
 * English or Korean like the other documents: a verdict line, then one table row per change with
 * whether it breaks, why, and who reads the contract. What breaks is the diff's; this file only
 * says it. Names typed on the board are escaped, never translated.
 */

interface DiffWords {
  readonly title: (mode: CompatMode) => string;
  readonly compatible: string;
  readonly breaking: (count: number, total: number) => string;
  readonly noChanges: string;
  readonly header: readonly [string, string, string, string, string, string];
  readonly yes: string;
  readonly no: string;
  readonly against: (revision: number) => string;
  readonly kinds: Readonly<Record<ContractKind, string>>;
  readonly changes: Readonly<Record<ContractChangeKind, string>>;
  readonly reason: (change: ContractChange) => string;
}

const EN: DiffWords = {
  title: (mode) => (mode === "none" ? "Contract changes (mode none: nothing is checked)" : `Contract changes (${mode} compatibility)`),
  compatible: "✅ Compatible: no change breaks a reader.",
  breaking: (count, total) => `❌ ${count} of ${total} ${total === 1 ? "change breaks" : "changes break"} readers.`,
  noChanges: "No contract changed.",
  header: ["Contract", "Change", "Path", "Breaking", "Why", "Consumers"],
  yes: "**yes**",
  no: "no",
  against: (revision) => ` (against revision ${revision})`,
  kinds: { event: "event", command: "command", "step-command": "step command", "step-reply": "step reply" },
  changes: {
    "contract-added": "added",
    "contract-removed": "removed",
    "contract-renamed": "renamed",
    "aggregate-changed": "aggregate changed",
    "version-raised": "version raised",
    "version-lowered": "version lowered",
    "topic-changed": "topic changed",
    "partition-key-changed": "partition key changed",
    "field-added": "field added",
    "field-removed": "field removed",
    "field-retyped": "field retyped",
    "field-required": "made required",
    "field-optional": "made optional",
  },
  reason: (change) => change.reason,
};

/** Seed 002's terms: 이벤트, 소비자, 토픽, 파티션 키. */
const KO: DiffWords = {
  title: (mode) => (mode === "none" ? "계약 변경 (none 모드: 검사하지 않음)" : `계약 변경 (${mode} 호환성)`),
  compatible: "✅ 호환: 소비자를 깨뜨리는 변경이 없습니다.",
  breaking: (count, total) => `❌ 변경 ${total}건 중 ${count}건이 소비자를 깨뜨립니다.`,
  noChanges: "변경된 계약이 없습니다.",
  header: ["계약", "변경", "경로", "호환성 깨짐", "이유", "소비자"],
  yes: "**예**",
  no: "아니요",
  against: (revision) => ` (리비전 ${revision} 기준)`,
  kinds: { event: "이벤트", command: "커맨드", "step-command": "스텝 커맨드", "step-reply": "스텝 응답" },
  changes: {
    "contract-added": "추가됨",
    "contract-removed": "삭제됨",
    "contract-renamed": "이름 변경",
    "aggregate-changed": "애그리거트 변경",
    "version-raised": "버전 올림",
    "version-lowered": "버전 내림",
    "topic-changed": "토픽 변경",
    "partition-key-changed": "파티션 키 변경",
    "field-added": "필드 추가",
    "field-removed": "필드 삭제",
    "field-retyped": "필드 타입 변경",
    "field-required": "필수로 변경",
    "field-optional": "선택으로 변경",
  },
  reason: (change) => koReason(change),
};

const WORDS: Readonly<Record<Lang, DiffWords>> = { en: EN, ko: KO };

/** The Korean names of the change kinds, which the History panel's Korean UI shows too (one table). */
export const KOREAN_CHANGE_KINDS = KO.changes;

/** The diff as a Markdown section (a trailing newline). */
export function diffMarkdown(diff: BoardDiff, lang: Lang = "en"): string {
  const w = WORDS[lang];
  const breaking = diff.changes.filter((c) => c.breaking).length;
  const lines = [`## ${w.title(diff.mode)}`, ""];
  lines.push(breaking === 0 ? w.compatible : w.breaking(breaking, diff.changes.length), "");
  if (diff.changes.length === 0) lines.push(w.noChanges);
  else {
    const rows = diff.changes.map((c) => [
      `${markdownText(c.contract)} (${w.kinds[c.contractKind]})`,
      w.changes[c.change] + (c.from !== undefined && c.to !== undefined ? `: ${cellCode(c.from)} → ${cellCode(c.to)}` : ""),
      c.path ? cellCode(c.path) : "—",
      (c.breaking ? w.yes : w.no) + (c.against !== undefined ? w.against(c.against) : ""),
      markdownText(w.reason(c)),
      c.consumers.length > 0 ? c.consumers.map((r) => markdownText(r.name)).join(", ") : "—",
    ]);
    lines.push(...markdownTable(w.header, rows));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Text as a code span in a table cell, unless it holds `|` or `\`: GFM splits cells on a pipe
 * before it reads code spans, and a backslash before a pipe inside one cannot be escaped so that
 * every renderer agrees; such text is escaped as plain text instead.
 */
function cellCode(text: string): string {
  return /[|\\]/u.test(text) ? markdownText(text) : markdownCode(text);
}

function koReason(c: ContractChange): string {
  const stored = c.contractKind === "event" ? "저장된 이벤트와 전송 중인 메시지" : "전송 중인 메시지";
  const versioned = c.partOfVersion !== undefined && c.breaks.length > 0 ? `새 버전 v${c.partOfVersion}의 일부: ` : "";
  const body = ((): string => {
    switch (c.change) {
      case "contract-added":
        return "새 계약: 아직 읽는 소비자가 없습니다";
      case "contract-removed":
        return `새 코드는 이 타입의 ${stored}를 더 이상 읽지 않고, 배포된 소비자는 오지 않는 메시지를 기다립니다`;
      case "contract-renamed":
        return `메시지 타입이 바뀝니다 (${c.from} → ${c.to}): 양쪽이 서로의 이름을 알아보지 못합니다`;
      case "aggregate-changed":
        return `봉투의 aggregateType이 바뀝니다 (${c.from} → ${c.to}): 애그리거트로 라우팅하거나 재구성하는 소비자가 이 이벤트를 찾지 못합니다`;
      case "topic-changed":
        return `메시지가 다른 토픽으로 옮겨집니다 (${c.from} → ${c.to}): 이전 토픽을 구독하는 소비자는 받지 못합니다`;
      case "partition-key-changed":
        return `파티션 키가 바뀝니다 (${c.from} → ${c.to}): 전환 중에는 한 엔티티의 메시지가 순서 없이 읽힙니다`;
      case "version-raised":
        return `새 버전 (v${c.from} → v${c.to}), 같은 토픽과 타입: 소비자는 schemaVersion으로 버전을 구분하고, 업캐스터가 v${c.from}을(를) v${c.to}(으)로 바꿉니다. 배포된 v${c.from} 소비자는 v${c.to} 발행 전에 준비되어야 합니다`;
      case "version-lowered":
        return `버전이 내려갑니다 (v${c.from} → v${c.to}): 이미 쓰인 v${c.from} 메시지를 옛 스키마로 읽게 됩니다`;
      case "field-added":
        return c.breaks.length > 0 ? `새 코드가 요구하는 필수 필드가 이전에 쓰인 ${stored}에 없습니다` : "선택 필드: 옛 메시지에 없어도 되고 옛 소비자는 무시합니다";
      case "field-removed":
        return c.breaks.length > 0 ? "배포된 소비자는 이 필드를 요구하지만 새 메시지에는 없습니다" : "선택 필드: 옛 소비자는 없이도 읽습니다";
      case "field-retyped":
        return c.breaks.includes("backward") ? `타입이 바뀝니다 (${c.from} → ${c.to}): 양쪽 모두 상대의 값을 읽지 못합니다` : `타입이 넓어집니다 (${c.from} → ${c.to}): 새 코드는 옛 값을 읽지만 배포된 소비자는 새 값을 다 읽지 못합니다`;
      case "field-required":
        return `이제 필수: 선택이던 때 쓰인 ${stored}에는 없을 수 있습니다`;
      case "field-optional":
        return "이제 선택: 배포된 소비자는 여전히 요구하지만 새 메시지에는 없을 수 있습니다";
    }
  })();
  return versioned + body;
}
