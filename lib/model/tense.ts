import { words } from "./names";

/*
 * Heuristics for the two naming habits of event storming: events are facts in the past tense
 * ("OrderPlaced"), commands are requests in the imperative ("PlaceOrder"). They only feed
 * warnings, so they err on the side of silence: a name in a script they do not know is accepted.
 */

/**
 * Irregular past participles common in business events. Regular ones end in -ed and need no
 * list. Forms that are also the base verb (put, set, cut, read, run ...) are included: as the
 * last word of an event name they read as past.
 */
const IRREGULAR_PAST = new Set([
  "arisen", "awoken", "been", "beaten", "become", "begun", "bent", "bet", "bid", "bitten",
  "bled", "blown", "born", "borne", "bought", "bound", "broken", "brought", "built", "burnt",
  "burst", "cast", "caught", "chosen", "clung", "come", "cost", "crept", "cut", "dealt", "done",
  "drawn", "dreamt", "driven", "drunk", "dug", "dwelt", "eaten", "fallen", "fed", "felt", "fled",
  "flown", "forbidden", "forecast", "forgiven", "forgotten", "fought", "found", "frozen", "given",
  "gone", "got", "gotten", "ground", "grown", "heard", "held", "hidden", "hit", "hung", "hurt",
  "kept", "knelt", "known", "laid", "led", "leant", "learnt", "left", "lent", "let", "lit",
  "lost", "made", "meant", "met", "mistaken", "misunderstood", "overcome", "overdrawn",
  "overridden", "overrun", "overseen", "overtaken", "overthrown", "overwritten", "paid", "proven",
  "put", "quit", "read", "rebuilt", "redone", "remade", "repaid", "reset", "resent", "retaken",
  "rewritten", "rid", "ridden", "risen", "run", "rung", "said", "seen", "sent", "set", "sewn",
  "shaken", "shed", "shone", "shot", "shown", "shrunk", "shut", "slept", "slid", "sold",
  "sought", "spent", "spilt", "split", "spoken", "spread", "sprung", "spun", "stolen", "stood",
  "struck", "stuck", "stung", "sunk", "sworn", "swept", "swollen", "swum", "taken", "taught",
  "thought", "thrown", "told", "torn", "understood", "undertaken", "undone", "unsent", "upheld",
  "upset", "withdrawn", "withheld", "woken", "won", "worn", "wound", "written", "wrung",
]);

/**
 * Past forms that cannot also be read as an imperative (so "Set", "Put", "Read" are absent):
 * a command that starts with one of these reads like an event.
 */
const UNAMBIGUOUS_PAST = new Set(
  [...IRREGULAR_PAST].filter(
    (word) =>
      !["bet", "bid", "burst", "cast", "come", "cost", "cut", "forecast", "hit", "hurt", "let",
        "put", "quit", "read", "reset", "rid", "run", "set", "shed", "shut", "split", "spread",
        "upset", "become", "overcome", "overrun", "wound", "ground", "found", "bound", "resent"]
        .includes(word),
  ),
);

/** Verbs that end in -ed or -eed in their base form, so are not past forms. */
const ED_BASE_FORMS = new Set(["embed", "shed", "wed", "bed", "need", "feed", "seed", "speed",
  "proceed", "exceed", "succeed", "breed", "bleed", "heed", "weed", "shred", "sled"]);

/** Verbs that start commands whose last word may well be a participle: "MarkAsShipped". */
const COMMON_VERBS = new Set(["mark", "set", "flag", "make", "keep", "get", "leave", "put",
  "record", "report", "notify", "confirm", "send", "request", "schedule", "show", "list"]);

/** Particles that end phrasal verbs: "LoggedIn", "SignedUp", "CheckedOut". */
const PARTICLES = new Set(["in", "out", "up", "down", "off", "on", "over", "back", "away", "through"]);

/** Version or number suffixes that say nothing about tense: "OrderPlacedV2", "Retried3". */
const NOT_A_WORD = /^(v?\d+)$/i;

/**
 * Korean endings of a completed fact (주문생성됨, 결제했음, 취소됐음). Korean event names are also
 * often nouns (결제 완료, 주문 취소), so events are only flagged on a request ending below.
 */
const KOREAN_PAST = /(됨|됐음|되었음|했음|하였음|완료됨)$/u;
/** Korean endings of a request: 주문하기, 주문하다, 취소해라, 결제하세요 ... */
const KOREAN_REQUEST = /(하기|하다|해라|하라|하세요|해주세요|하자|요청)$/u;
const HANGUL = /\p{Script=Hangul}/u;
const LATIN_ONLY = /^[A-Za-z0-9]+$/;

function isPastWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (ED_BASE_FORMS.has(lower)) return false;
  return (lower.length > 3 && lower.endsWith("ed")) || IRREGULAR_PAST.has(lower);
}

/** Emoji, symbols and punctuation say nothing about tense: "🚀 Order rejected 🚫" is past. */
const NOT_LETTERS = /[\p{Extended_Pictographic}\p{S}\p{P}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}]|[0-9#*]\u{FE0F}?\u{20E3}/gu;

/** The words that carry meaning: no symbols, trailing version numbers or phrasal particles. */
function meaningfulWords(name: string): string[] {
  // A number or version glued to the end (`SomethingHappened2`, `OrderPlacedV2`) is not a word.
  const list = words(name.replace(NOT_LETTERS, " ").replace(/(?<=\p{Ll})V?\d+$/u, ""));
  while (list.length > 1 && NOT_A_WORD.test(list[list.length - 1] ?? "")) list.pop();
  if (list.length > 1 && PARTICLES.has((list[list.length - 1] ?? "").toLowerCase())) list.pop();
  return list;
}

/**
 * Whether an event name reads as something that happened: its last English word is a past
 * form (-ed, or an irregular participle), or a Korean name ends like a completed fact.
 * Names in other scripts are given the benefit of the doubt.
 */
export function looksPastTense(name: string): boolean {
  const trimmed = name.trim();
  if (HANGUL.test(trimmed)) return !KOREAN_REQUEST.test(trimmed.replace(/\s+/gu, ""));
  const list = meaningfulWords(trimmed);
  const last = list[list.length - 1];
  if (last === undefined || !LATIN_ONLY.test(last)) return true;
  return isPastWord(last);
}

/**
 * Whether a command name reads like an event rather than a request: it starts with a past
 * form ("PlacedOrder"), or it ends with one after a noun ("OrderPlaced"). A Korean name is
 * suspect only if it ends like a completed fact (주문생성됨).
 */
export function looksLikeEventName(name: string): boolean {
  const trimmed = name.trim();
  if (HANGUL.test(trimmed)) return KOREAN_PAST.test(trimmed);
  const list = meaningfulWords(trimmed);
  const first = list[0]?.toLowerCase();
  const last = list[list.length - 1];
  if (first === undefined || last === undefined || !LATIN_ONLY.test(first)) return false;
  if (UNAMBIGUOUS_PAST.has(first) || (isPastWord(first) && !IRREGULAR_PAST.has(first))) return true;
  return list.length > 1 && !COMMON_VERBS.has(first) && LATIN_ONLY.test(last) && isPastWord(last);
}
