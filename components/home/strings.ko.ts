import type { Dictionary } from "@/lib/i18n/dictionary";
import type { homeStrings } from "./strings";

/** The home page in Korean. Korean counts take no plural: `보드 3개`. */
export const homeStringsKo = {
  title: "Stormflow",
  tagline: "캔버스에서 이벤트 스토밍을 하고, 그 설계를 검증하세요.",

  newBoard: "새 보드",
  newBoardName: "제목 없는 보드",
  newFromTemplate: (name) => `템플릿 “${name}”(으)로 새로 만들기`,
  templateMenu: "템플릿으로 새로 만들기",
  templateDescriptions: {
    "order-flow": "주문 접수, 재고 예약·결제·확정을 맡는 사가, 읽기 모델과 이메일.",
    "create-order-saga": "microservices.io의 주문 생성 사가: 보상 가능한 단계, 피벗, 재시도 가능한 단계.",
  },
  importBoard: ".board.json 가져오기",
  importHint: "Stormflow에서 내보낸 .board.json 파일",
  dropTip: "팁: .board.json 파일을 이 페이지 아무 곳에나 끌어다 놓으면 가져옵니다.",

  listLabel: "보드",
  columnName: "이름",
  columnEdited: "마지막 편집",
  columnStickies: "스티커",
  columnActions: "작업",
  boardCount: (n) => `${n}개`,
  stickyCount: (n) => `스티커 ${n}개`,
  openBoard: (name) => `${name} 열기`,

  loading: "보드를 불러오는 중…",
  emptyTitle: "아직 보드가 없습니다.",
  emptyBody: "템플릿으로 시작하거나, 빈 보드에 이벤트를 놓아 보세요.",
  loadFailed: "보드 목록을 불러오지 못했습니다.",
  retry: "다시 시도",

  rename: "이름 바꾸기",
  renameLabel: (name) => `${name}의 새 이름`,
  renameHint: "Enter로 저장, Esc로 취소",
  renameEmpty: "보드에는 이름이 있어야 합니다.",
  renameTooLong: (max) => `최대 ${max}자까지 입력할 수 있습니다.`,
  duplicate: "복제",
  copyOf: (name) => `${name} 사본`,
  delete: "삭제",
  actionsFor: (name) => `${name} 작업`,

  deleteTitle: (name) => `“${name}”을(를) 삭제할까요?`,
  deleteBody: (stickies) => `보드와 스티커 ${stickies}개가 모든 사람에게서 삭제됩니다. 되돌릴 수 없습니다.`,
  deleteConfirm: "보드 삭제",
  cancel: "취소",

  createFailed: "보드를 만들지 못했습니다.",
  renameFailed: "보드 이름을 바꾸지 못했습니다.",
  duplicateFailed: "보드를 복제하지 못했습니다.",
  deleteFailed: "보드를 삭제하지 못했습니다.",
  importFailed: (file) => `“${file}”을(를) 가져올 수 없습니다.`,
  importTooLarge: (mb, maxMb) => `파일 크기가 ${mb} MB입니다. 최대 ${maxMb} MB까지 가져올 수 있습니다.`,
  importUnreadable: "파일을 읽지 못했습니다.",
  moreIssues: (n) => `…외 ${n}개`,
  wholeFile: "(파일)",
  dismiss: "닫기",

  justNow: "방금",
  minutesAgo: (n) => `${n}분 전`,
  hoursAgo: (n) => `${n}시간 전`,
  yesterday: "어제",
  daysAgo: (n) => `${n}일 전`,
  inTheFuture: "방금",
} satisfies Dictionary<typeof homeStrings>;
