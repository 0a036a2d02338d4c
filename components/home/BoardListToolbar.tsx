"use client";
import { useRef } from "react";
import { Button } from "@/components/ui/Button";
import { PlusIcon, UploadIcon } from "@/components/ui/icons";
import { creatingTemplate, type Creating } from "./boardListState";
import { TemplateMenu } from "./TemplateMenu";
import type { TemplateChoice } from "./templates";
import styles from "./home.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/*
 * The board list's toolbar: its title and count, Import (with the hidden file input), and the
 * template menu and New board button, which the empty state offers itself when there are no boards.
 */

export interface BoardListToolbarProps {
  /** The number of boards, once the list is loaded. */
  count: number | null;
  creating: Creating;
  templates: readonly TemplateChoice[];
  onImport(file: File): void;
  onTemplate(template: TemplateChoice): void;
  onNewBoard(): void;
}

export function BoardListToolbar({ count, creating, templates, onImport, onTemplate, onNewBoard }: BoardListToolbarProps) {
  const S = useStrings().home;
  const fileInput = useRef<HTMLInputElement>(null);
  const onFileChosen = (files: FileList | null) => {
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = ""; // the same file can be chosen again
    if (file) onImport(file);
  };
  return (
    <div className={styles.toolbar} data-testid="home-toolbar">
      <div className={styles.toolbarTitle}>
        <h2 id="boards-heading" className={styles.sectionTitle}>
          {S.listLabel}
        </h2>
        {count !== null && count > 0 ? <span className={styles.count}>{S.boardCount(count)}</span> : null}
      </div>
      <div className={styles.toolbarActions}>
        <Button
          icon={<UploadIcon />}
          onClick={() => fileInput.current?.click()}
          busy={creating === "import"}
          disabled={creating !== null}
          title={S.importHint}
        >
          {S.importBoard}
        </Button>
        {/* With no boards, the empty state offers these two itself. */}
        {count === 0 ? null : (
          <>
            <TemplateMenu templates={templates} variant="secondary" busyId={creatingTemplate(creating)} disabled={creating !== null} onPick={onTemplate} />
            <NewBoardButton variant="primary" creating={creating} onClick={onNewBoard} />
          </>
        )}
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label={S.importBoard}
          data-testid="import-input"
          onChange={(event) => onFileChosen(event.currentTarget.files)}
        />
      </div>
    </div>
  );
}

/** New board: busy while a blank board is created, disabled while anything is. */
export function NewBoardButton({ variant, creating, onClick }: { variant: "primary" | "secondary"; creating: Creating; onClick(): void }) {
  const S = useStrings().home;
  return (
    <Button variant={variant} icon={<PlusIcon />} onClick={onClick} busy={creating === "new"} disabled={creating !== null}>
      {S.newBoard}
    </Button>
  );
}
