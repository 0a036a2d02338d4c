import type { Dictionary } from "@/lib/i18n/dictionary";
import { KOREAN_CHANGE_KINDS } from "@/lib/generate/diffMarkdown";
import type { historyStrings } from "./strings";

/** The History tab, the read-only revision view and the comparison, in Korean. */
export const historyStringsKo = {
  tab: "기록",
  panelLabel: "보드 기록",
  listLabel: "리비전, 최신순",
  refresh: "기록 새로 고침",
  loading: "기록을 불러오는 중…",
  loadFailed: "기록을 불러오지 못했습니다",
  retry: "다시 시도",
  empty: "아직 보관된 리비전이 없습니다: 보드를 처음 저장하면 여기에 나타납니다.",
  loadOlder: "이전 것 더 보기",
  loadingOlder: "불러오는 중…",
  revisionNo: (revision) => `#${revision}`,
  summary: (s, first) => {
    if (first) return `스티커 ${s.added}개로 생성`;
    const parts = [
      s.added > 0 ? `스티커 ${s.added}개 추가` : "",
      s.removed > 0 ? `${s.removed}개 삭제` : "",
      s.changed > 0 ? `${s.changed}개 편집` : "",
      s.moved > 0 ? `${s.moved}개 이동` : "",
      s.edgesAdded + s.edgesRemoved > 0 ? `화살표 +${s.edgesAdded} −${s.edgesRemoved}` : "",
      s.renamed ? "이름 변경" : "",
      s.described ? "설명 편집" : "",
      s.settings ? "보드 설정 변경" : "",
      (s.frames ?? 0) > 0 ? `프레임 ${s.frames}개 변경` : "",
      (s.notes ?? 0) > 0 ? `메모 ${s.notes}개 변경` : "",
    ].filter(Boolean);
    const words = parts.length > 0 ? parts.join(", ") : "변경 없이 저장";
    // Breaking changes have the row's red badge; compatible ones are said here.
    const contracts = s.breaking === 0 && s.contractChanges > 0 ? ` · 호환되는 계약 변경 ${s.contractChanges}개` : "";
    return words + contracts;
  },
  current: "현재",
  viewing: "보는 중",
  by: (authors) => ` · ${authors.join(", ")}`,
  breakingBadge: (n) => `호환 깨짐 ${n}`,
  breakingBadgeTitle: (n) => `full 모드 기준 호환을 깨는 계약 변경 ${n}개`,
  viewRevision: (revision, when) => `리비전 ${revision} (${when}) 읽기 전용으로 보기`,
  compareWithCurrent: "현재와 비교",
  compareWithCurrentLabel: (revision) => `리비전 ${revision}을(를) 현재 리비전과 비교`,
  compareWithPrevious: "이전과 비교",
  compareWithPreviousLabel: (revision) => `리비전 ${revision}을(를) 바로 앞 리비전과 비교`,

  banner: (revision, date) => `리비전 ${revision} (${date}) 보는 중 — 읽기 전용`,
  bannerBoardName: (name) => `보드 “${name}”`,
  backToCurrent: "현재로 돌아가기",
  restoreThis: "이 리비전 복원",
  viewLoading: (revision) => `리비전 ${revision}을(를) 불러오는 중…`,
  viewFailed: (revision, message) => `리비전 ${revision}을(를) 열지 못했습니다: ${message}`,
  restoreTitle: (revision) => `리비전 ${revision}을(를) 복원할까요?`,
  restoreBody: (revision, current) =>
    `보드 내용이 리비전 ${revision}의 내용으로 바뀌고, #${current} 다음의 새 리비전으로 저장됩니다. 잃는 것은 없습니다: 리비전 ${current}은(는) 기록에 남고, 보드에 있는 모든 사람이 복원된 내용을 봅니다.`,
  restoreConfirm: "복원",
  restoreConflict: (current) =>
    `보는 동안 보드가 다시 저장되었습니다${current === null ? "" : ` (지금은 #${current})`}. 복원하면 그 저장을 덮어쓰게 되므로 복원하지 않았습니다: 최신 리비전을 확인한 뒤, 그래도 원하면 다시 복원하세요.`,
  restoreFailed: (message) => `리비전을 복원하지 못했습니다: ${message}`,
  restored: (revision, as) => `리비전 ${revision}을(를) 리비전 ${as}(으)로 복원했습니다.`,

  compare: "비교",
  compareLabel: "두 리비전 비교",
  from: "기준",
  to: "대상",
  mode: "모드",
  closeCompare: "비교 닫기",
  comparePrompt: "리비전에서 “현재와 비교”를 누르거나 기준과 대상을 골라, 계약에서 무엇이 바뀌었는지 보세요.",
  comparing: "비교하는 중…",
  compareFailed: "비교하지 못했습니다",
  sameRevision: "기준과 대상이 같은 리비전입니다: 서로 다른 두 리비전을 고르세요.",
  compatible: "호환됨",
  breakingChanges: (n) => `호환을 깨는 변경 ${n}개`,
  changeCount: (n) => (n === 0 ? "바뀐 계약 없음" : `계약 변경 모두 ${n}개`),
  verdictDetail: (from, to, mode, count) => `#${from} → #${to} · ${mode} · ${count}`,
  cancel: "취소",
  noChanges: "두 리비전 사이에 바뀐 계약이 없습니다.",
  breaking: "호환 깨짐",
  changesLabel: "계약 변경",
  revealChange: (contract, change, breaking) => `캔버스에서 ${contract} 보기: ${change}${breaking ? ", 호환 깨짐" : ""}`,
  consumers: (names) => (names.length === 0 ? "소비자 없음" : `${names.join(", ")}이(가) 읽음`),
  against: (revision) => `리비전 ${revision} 기준`,
  wholeContract: "계약 전체",
  highlightLegend: "바뀐 계약은 캔버스에 테두리로 표시됩니다: 빨강은 호환 깨짐, 주황은 호환됨.",

  modes: {
    backward: "backward (하위 호환)",
    "backward-transitive": "backward, transitive",
    forward: "forward (상위 호환)",
    "forward-transitive": "forward, transitive",
    full: "full (기본값)",
    "full-transitive": "full, transitive",
    none: "none",
  },
  modeHints: {
    backward: "Backward: 새 코드가 옛 데이터(이미 저장된 이벤트, 전달 중인 메시지)를 읽습니다.",
    "backward-transitive": "Backward, transitive: 새 코드가 이전 모든 리비전에서 쓰인 데이터를 읽습니다.",
    forward: "Forward: 배포된 소비자가 새 데이터를 읽습니다.",
    "forward-transitive": "Forward, transitive: 이전 모든 리비전의 소비자가 새 데이터를 읽습니다.",
    full: "Full: 양쪽 모두 — 새 코드가 옛 데이터를 읽고, 배포된 소비자가 새 데이터를 읽습니다.",
    "full-transitive": "Full, transitive: 양쪽 모두, 이전 모든 리비전에 대해.",
    none: "None: 변경을 나열만 하고, 호환 깨짐으로 판단하지 않습니다.",
  },
  contractKinds: {
    event: "이벤트",
    command: "커맨드",
    "step-command": "사가 단계 커맨드",
    "step-reply": "사가 단계 응답",
  },
  // The diff document's Korean words: the panel and the Markdown diff name a change alike.
  changeKinds: KOREAN_CHANGE_KINDS,
} satisfies Dictionary<typeof historyStrings>;
