"use client";
import type { Issue } from "@/lib/model/validate";
import { useLocale, useStrings } from "@/components/i18n/LocaleProvider";
import { useIssueMessage } from "./issueMessages";
import { PROBLEM_SUMMARIES_KO } from "./problemSummaries.ko";
import styles from "./problems.module.css";

/** Errors before warnings, each in board order (a stable sort keeps the validator's order). */
function errorsFirst(issues: readonly Issue[]): Issue[] {
  return [...issues].sort((a, b) => Number(a.severity !== "error") - Number(b.severity !== "error"));
}

/** The live validation list; clicking a problem selects and centres its sticky. */
export function ProblemsPanel({ issues, onReveal }: { issues: readonly Issue[]; onReveal(issue: Issue): void }) {
  const S = useStrings().board;
  const { locale } = useLocale();
  const sentence = useIssueMessage();
  if (issues.length === 0) {
    return (
      <div className={styles.clean} data-testid="problems-empty">
        {S.noProblems}
      </div>
    );
  }
  return (
    <ul className={styles.list} data-testid="problems">
      {errorsFirst(issues).map((issue, i) => (
        <li key={`${issue.code}-${issue.path}-${i}`}>
          <button type="button" className={styles.row} onClick={() => onReveal(issue)} data-problem-code={issue.code} data-severity={issue.severity}>
            <span className={issue.severity === "error" ? styles.error : styles.warning} aria-label={S.severity[issue.severity]}>
              {issue.severity === "error" ? "●" : "▲"}
            </span>
            {/* In Korean the English sentence (what the API and the CLI print) stays at hand, as the row's title. */}
            <span className={styles.message} title={locale === "ko" ? issue.message : undefined}>
              {locale === "ko" ? (
                <strong className={styles.summary} lang="ko">
                  {PROBLEM_SUMMARIES_KO[issue.code]}
                </strong>
              ) : null}
              <span lang={locale}>{sentence(issue)}</span>
            </span>
            <code className={styles.code}>{issue.code}</code>
            <span className={styles.path}>{issue.path}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
