import { useLocale } from "@/components/i18n/LocaleProvider";
import type { Locale } from "@/lib/i18n/locale";
import type { IssueCode, IssueParams } from "@/lib/model/issueCodes";
import type { Issue } from "@/lib/model/validate";
import { ISSUE_MESSAGES_KO } from "./issueMessages.ko";

/*
 * A problem's sentence in the UI's language. English is the issue's own `message`, word for word
 * what the API and the CLI print; Korean is built from the issue's parameters. An issue without
 * parameters (made outside the validator) keeps its English rather than showing nothing.
 */

const BY_LOCALE: Readonly<Record<Locale, (issue: Issue) => string>> = {
  en: (issue) => issue.message,
  ko: (issue) =>
    issue.params === undefined ? issue.message : (ISSUE_MESSAGES_KO[issue.code] as (params: IssueParams<IssueCode>) => string)(issue.params),
};

export function issueMessage(locale: Locale, issue: Issue): string {
  return BY_LOCALE[locale](issue);
}

/** {@link issueMessage} in the current locale. */
export function useIssueMessage(): (issue: Issue) => string {
  return BY_LOCALE[useLocale().locale];
}
