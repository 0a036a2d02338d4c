"use client";
import { Button } from "@/components/ui/Button";
import { TemplateIcon } from "@/components/ui/icons";
import { NewBoardButton } from "./BoardListToolbar";
import { creatingTemplate, type Creating } from "./boardListState";
import type { TemplateChoice } from "./templates";
import styles from "./home.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/*
 * What the home page shows with no boards: what to do next, with each template and New board one
 * click away (the toolbar hides its own template menu and New board meanwhile).
 */

export interface EmptyBoardsProps {
  creating: Creating;
  templates: readonly TemplateChoice[];
  onTemplate(template: TemplateChoice): void;
  onNewBoard(): void;
}

export function EmptyBoards({ creating, templates, onTemplate, onNewBoard }: EmptyBoardsProps) {
  const S = useStrings().home;
  const busyTemplate = creatingTemplate(creating);
  return (
    <div className={styles.empty} data-testid="empty-state">
      <div className={styles.emptyArt} aria-hidden="true">
        <span style={{ background: "#FFF3BF" }} />
        <span style={{ background: "#74C0FC" }} />
        <span style={{ background: "#FFE066" }} />
        <span style={{ background: "#FFA94D" }} />
      </div>
      <p className={styles.emptyTitle}>{S.emptyTitle}</p>
      <p className={styles.emptyBody}>{S.emptyBody}</p>
      <div className={styles.emptyActions}>
        {/* With nothing on the page yet, each template is one click away. */}
        {templates.map((template, i) => (
          <Button
            key={template.id}
            variant={i === 0 ? "primary" : "secondary"}
            icon={<TemplateIcon />}
            onClick={() => onTemplate(template)}
            busy={busyTemplate === template.id}
            disabled={creating !== null}
            title={S.templateDescriptions[template.id]}
          >
            {S.newFromTemplate(template.name)}
          </Button>
        ))}
        <NewBoardButton variant="secondary" creating={creating} onClick={onNewBoard} />
      </div>
    </div>
  );
}
