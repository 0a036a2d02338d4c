/*
 * Korean particles change with the word before them: 은/는, 이/가, 을/를, 과/와, (으)로 follow
 * whether its last syllable ends in a consonant. Kind labels are Hangul and get the right one; a
 * name typed in Latin letters (most board names) is read aloud in English, so it gets both forms,
 * "은(는)", as Korean software writes them.
 */

type Particle = "은/는" | "이/가" | "을/를" | "과/와" | "으로/로";

const BOTH: Readonly<Record<Particle, string>> = { "은/는": "은(는)", "이/가": "이(가)", "을/를": "을(를)", "과/와": "와(과)", "으로/로": "(으)로" };

// Whether each digit's Korean reading ends in a consonant (영 일 이 삼 사 오 육 칠 팔 구), and
// whether that consonant is ㄹ, which takes 로 rather than 으로.
const DIGIT_FINAL = [true, true, false, true, false, false, true, true, true, false];
const DIGIT_RIEUL = [false, true, false, false, false, false, false, true, true, false];

/** The final consonant of the last character, if it can be told: `"none"`, `"rieul"` (ㄹ), `"other"`. */
function finalOf(word: string): "none" | "rieul" | "other" | null {
  const last = Array.from(word.replace(/["'”’)\]\s]+$/u, "")).pop();
  if (last === undefined) return null;
  const code = last.codePointAt(0)!;
  if (code >= 0xac00 && code <= 0xd7a3) {
    const final = (code - 0xac00) % 28;
    return final === 0 ? "none" : final === 8 ? "rieul" : "other";
  }
  if (/[0-9]/u.test(last)) {
    const digit = Number(last);
    return DIGIT_RIEUL[digit] ? "rieul" : DIGIT_FINAL[digit] ? "other" : "none";
  }
  return null;
}

/** `word` and the particle that fits it: `josa("정책", "은/는")` is "정책은". */
export function josa(word: string, particle: Particle): string {
  const final = finalOf(word);
  if (final === null) return word + BOTH[particle];
  const [withFinal, without] = particle.split("/") as [string, string];
  if (particle === "으로/로") return word + (final === "other" ? withFinal : without);
  return word + (final === "none" ? without : withFinal);
}
