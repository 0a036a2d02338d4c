import styles from "./home.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** What went wrong: a summary line and, for a board that breaks the format, where. */
export interface Problem {
  title: string;
  summary: string;
  issues: readonly { path: string; message: string }[];
}

/** How many located issues are listed before "…and N more". */
const SHOWN_ISSUES = 6;

/** The summary and the first issues, each with its path (`nodes[3].payload[0].name`). */
export function IssueList({ problem }: { problem: Problem }) {
  const S = useStrings().home;
  const shown = problem.issues.slice(0, SHOWN_ISSUES);
  const more = problem.issues.length - shown.length;
  // A single issue that repeats the summary adds nothing.
  const redundant = shown.length === 1 && shown[0]?.message === problem.summary && !shown[0]?.path;
  return (
    <>
      <p className={styles.problemSummary}>{problem.summary}</p>
      {shown.length > 0 && !redundant ? (
        <ul className={styles.issues} data-testid="import-issues">
          {shown.map((issue, index) => (
            <li key={`${issue.path}:${index}`}>
              <code className={styles.issuePath}>{issue.path || S.wholeFile}</code>
              <span className={styles.issueMessage}>{issue.message}</span>
            </li>
          ))}
          {more > 0 ? <li className={styles.moreIssues}>{S.moreIssues(more)}</li> : null}
        </ul>
      ) : null}
    </>
  );
}
