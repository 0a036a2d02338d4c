import type { Dictionary } from "@/lib/i18n/dictionary";
import type { frameStrings } from "./strings";

/** Frames (bounded contexts) and notes in Korean: 바운디드 컨텍스트, as the design document's 컨텍스트. */
export const frameStringsKo = {
  paletteSection: "프레임과 메모",
  frame: "프레임",
  frameHint: (key) => `바운디드 컨텍스트: 캔버스 위에서 ${key}를 누르세요. 스티커를 선택한 채로 누르면 그 둘레에 그립니다`,
  note: "메모",
  noteHint: (key) => `자유 메모: 캔버스 위에서 ${key}를 누르세요`,

  defaultFrameName: "컨텍스트",
  defaultNoteText: "메모",
  frameNameLabel: "프레임 이름",
  frameTitleHint: "더블클릭하여 이름 바꾸기",
  noteTextLabel: "메모 내용",
  noteEditHint: "Ctrl/⌘+Enter 또는 Escape로 마치기",

  frameKind: "바운디드 컨텍스트",
  color: "색",
  colorSwatch: (color) => `색 ${color}`,
  colorInvalid: "색은 #rrggbb 형식으로 적습니다.",
  frameDescriptionPlaceholder: "이 컨텍스트가 맡는 일",
  frameHolds: (stickies) => `스티커 ${stickies}개 포함`,
  frameDeleteHint: "삭제하면 프레임만 지워지고, 안의 스티커는 그 자리에 남습니다.",

  framesAndNotesSelected: (n) => `프레임과 메모 ${n}개 선택됨`,

  noteKind: "메모",
  text: "내용",
  textRequired: "메모에는 내용이 있어야 합니다.",

  context: "컨텍스트",
  contextLine: (name) => `컨텍스트: ${name}`,
  noContext: "바운디드 컨텍스트 밖",
} satisfies Dictionary<typeof frameStrings>;
