import type { Dictionary } from "@/lib/i18n/dictionary";
import type { exportStrings } from "./exportStrings";

/** The Export panel in Korean (the documents keep their own language, chosen in the panel). */
export const exportStringsKo = {
  formatLabels: {
    markdown: "Markdown",
    design: "설계 문서",
    typescript: "TypeScript",
    asyncapi: "AsyncAPI",
    mermaid: "Mermaid",
    jsonschema: "JSON Schema",
    svg: "SVG",
  },
  formatSummaries: {
    markdown: "이벤트, 이벤트 흐름, 사가 단계 (seed 000의 출력 형식)",
    design: "이벤트 카탈로그, 흐름, 브로커 설정, 일관성 전략 (seed 002의 출력 형식)",
    typescript: "이벤트, 커맨드, 사가 메시지 계약 (외부 의존 없음)",
    asyncapi: "AsyncAPI 3.0.0 문서: 토픽마다 채널, 커맨드·응답 채널, 송신·수신 오퍼레이션",
    mermaid: "스티커 색으로 그린 보드의 플로차트",
    jsonschema: "모든 이벤트, 커맨드, 사가 메시지 페이로드의 JSON Schema 2020-12",
    svg: "보드 그림: 범례 색의 스티커와 그 글, 화살표",
  },
  formats: "내보내기 형식",
  documentLanguage: "문서 언어",
  markdownView: "Markdown 보기",
  source: "원문",
  preview: "미리보기",
  copy: "복사",
  copied: (file) => `${file} 복사됨`,
  clipboardRefused: "브라우저가 클립보드 사용을 거부했습니다. 다운로드를 이용하세요.",
  download: "다운로드",
  downloadTitle: (file) => `${file} 다운로드`,
  downloadPng: "PNG로 다운로드",
  downloadPngTitle: "그림을 두 배 크기의 PNG로 다운로드",
  pngFailed: (message) => `PNG를 그리지 못했습니다: ${message}`,
  downloadAll: "모두 다운로드 (.zip)",
  downloadAllTitle: (zip) => `모든 형식을 ${zip}(으)로 다운로드`,
  zipFailed: (message) => `zip 파일을 만들지 못했습니다: ${message}`,
  generateFailed: (format, message) => `${format}을(를) 생성하지 못했습니다: ${message}`,
  apiTitle: "API에서 받는 저장된 보드",
  pictureAlt: "보드 그림",
} satisfies Dictionary<typeof exportStrings>;
