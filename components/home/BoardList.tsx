"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { ApiClientError, boardsApi, type BoardSummary } from "@/lib/client/apiClient";
import { isModelError } from "@/lib/model/errors";
import { LIMITS } from "@/lib/model/limits";
import { parseBoardText } from "@/lib/model/parse";
import type { Board } from "@/lib/model/schema";
import { emptyBoard } from "@/lib/model/template";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { PlusIcon, RefreshIcon, TemplateIcon, UploadIcon } from "@/components/ui/icons";
import { BoardRow, type RowBusy } from "./BoardRow";
import { IssueList, type Problem } from "./IssueList";
import { TemplateMenu } from "./TemplateMenu";
import { templateChoices, type TemplateChoice } from "./templates";
import { homeStrings as S } from "./strings";
import styles from "./home.module.css";

type ListState =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; boards: BoardSummary[] };

type Creating = null | "new" | "import" | `template:${string}`;

/** How often relative times ("2 min ago") are refreshed. */
const CLOCK_TICK_MS = 30_000;

/** The human message of anything thrown by the API client or the model. */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A problem to show (page level): title, summary line and the located issues. */
function problemOf(title: string, error: unknown): Problem {
  if (isModelError(error)) {
    return { title, summary: error.message.split("\n")[0] ?? error.message, issues: error.issues };
  }
  if (error instanceof ApiClientError) {
    return { title, summary: error.message.split("\n")[0] ?? error.message, issues: error.issues };
  }
  return { title, summary: messageOf(error), issues: [] };
}

/** "Untitled board", or "Untitled board 2", ... when that name is taken. */
function freshName(boards: readonly BoardSummary[]): string {
  const taken = new Set(boards.map((b) => b.name.trim().toLowerCase()));
  const base = S.newBoardName;
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} ${n}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** Saves `update(board)` over the stored board; retries once if someone saved in between. */
async function updateStored(id: string, update: (board: Board) => Board): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const stored = await boardsApi.get(id);
    try {
      await boardsApi.save(id, stored.revision, update(stored.board));
      return;
    } catch (error) {
      if (attempt === 0 && error instanceof ApiClientError && error.status === 409) continue;
      throw error;
    }
  }
}

/**
 * The home page's board list: create (blank, template, import), rename, duplicate and delete.
 * Every request goes through `boardsApi`; the list reloads after each change.
 */
export function BoardList() {
  const router = useRouter();
  const [list, setList] = useState<ListState>({ status: "loading" });
  const [creating, setCreating] = useState<Creating>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [rowBusy, setRowBusy] = useState<Record<string, RowBusy>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [toDelete, setToDelete] = useState<BoardSummary | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [freshId, setFreshId] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const fileInput = useRef<HTMLInputElement>(null);
  const requestSeq = useRef(0);

  const load = useCallback(async (opts: { silent?: boolean } = {}) => {
    const seq = ++requestSeq.current;
    if (!opts.silent) setList({ status: "loading" });
    try {
      const boards = await boardsApi.list();
      if (seq !== requestSeq.current) return;
      setList({ status: "ready", boards });
      setNow(Date.now());
    } catch (error) {
      if (seq !== requestSeq.current) return;
      // A silent refresh keeps showing what we have; only a first load turns into the error state.
      setList((current) => (opts.silent && current.status === "ready" ? current : { status: "error", message: messageOf(error) }));
    }
  }, []);

  useEffect(() => {
    void load();
    const tick = window.setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    const onFocus = () => void load({ silent: true });
    window.addEventListener("focus", onFocus);
    return () => {
      window.clearInterval(tick);
      window.removeEventListener("focus", onFocus);
    };
  }, [load]);

  const boards = list.status === "ready" ? list.boards : [];

  const setBusy = (id: string, busy: RowBusy | null) =>
    setRowBusy((current) => {
      const next = { ...current };
      if (busy) next[id] = busy;
      else delete next[id];
      return next;
    });
  const setRowError = (id: string, message: string | null) =>
    setRowErrors((current) => {
      const next = { ...current };
      if (message) next[id] = message;
      else delete next[id];
      return next;
    });

  /** POSTs `board` and opens it. */
  const createAndOpen = async (kind: Exclude<Creating, null>, board: Board, failTitle: string) => {
    setCreating(kind);
    setProblem(null);
    try {
      const created = await boardsApi.create(board);
      router.push(`/boards/${encodeURIComponent(created.id)}`);
      // `creating` stays set: the page is on its way out.
    } catch (error) {
      setCreating(null);
      setProblem(problemOf(failTitle, error));
    }
  };

  const onNewBoard = () => void createAndOpen("new", emptyBoard(freshName(boards)), S.createFailed);
  const templates = useMemo(() => templateChoices(), []);
  const onTemplate = (template: TemplateChoice) => void createAndOpen(`template:${template.id}`, template.create(), S.createFailed);
  const creatingTemplate = creating?.startsWith("template:") ? creating.slice("template:".length) : null;

  const importFile = async (file: File) => {
    setProblem(null);
    const title = S.importFailed(file.name);
    if (file.size > LIMITS.textLength) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      setProblem({ title, summary: S.importTooLarge(mb(file.size), mb(LIMITS.textLength)), issues: [] });
      return;
    }
    let board: Board;
    try {
      board = parseBoardText(await file.text());
    } catch (error) {
      setProblem(isModelError(error) ? problemOf(title, error) : { title, summary: S.importUnreadable, issues: [] });
      return;
    }
    // The server validates again; its issues are shown the same way.
    await createAndOpen("import", board, title);
  };

  const onFileChosen = (files: FileList | null) => {
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = ""; // the same file can be chosen again
    if (file) void importFile(file);
  };

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes("Files") || creating) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDragging(false);
    if (!creating) onFileChosen(event.dataTransfer.files);
  };

  const onRename = async (board: BoardSummary, rawName: string) => {
    const name = rawName.trim();
    if (name === board.name) {
      setRenamingId(null);
      return;
    }
    setBusy(board.id, "rename");
    setRowError(board.id, null);
    try {
      await updateStored(board.id, (stored) => ({ ...stored, name }));
      setList((current) =>
        current.status === "ready"
          ? { status: "ready", boards: current.boards.map((b) => (b.id === board.id ? { ...b, name } : b)) }
          : current,
      );
      setRenamingId(null);
      void load({ silent: true });
    } catch (error) {
      setRowError(board.id, `${S.renameFailed} ${messageOf(error)}`);
    } finally {
      setBusy(board.id, null);
    }
  };

  const onDuplicate = async (board: BoardSummary) => {
    setBusy(board.id, "duplicate");
    setRowError(board.id, null);
    try {
      const stored = await boardsApi.get(board.id);
      const name = S.copyOf(stored.board.name).slice(0, LIMITS.nameLength).trimEnd();
      const created = await boardsApi.create({ ...stored.board, name });
      setFreshId(created.id);
      await load({ silent: true });
    } catch (error) {
      setRowError(board.id, `${S.duplicateFailed} ${messageOf(error)}`);
    } finally {
      setBusy(board.id, null);
    }
  };

  const onConfirmDelete = async () => {
    const board = toDelete;
    if (!board) return;
    setBusy(board.id, "delete");
    setDeleteError(null);
    try {
      await boardsApi.remove(board.id);
      setList((current) =>
        current.status === "ready" ? { status: "ready", boards: current.boards.filter((b) => b.id !== board.id) } : current,
      );
      setToDelete(null);
      void load({ silent: true });
    } catch (error) {
      if (error instanceof ApiClientError && error.status === 404) {
        // Already gone: the list simply catches up.
        setToDelete(null);
        void load({ silent: true });
      } else {
        setDeleteError(`${S.deleteFailed} ${messageOf(error)}`);
      }
    } finally {
      setBusy(board.id, null);
    }
  };

  const templateMenu = (variant: "primary" | "secondary") => (
    <TemplateMenu templates={templates} variant={variant} busyId={creatingTemplate} disabled={creating !== null} onPick={onTemplate} />
  );
  const newButton = (variant: "primary" | "secondary") => (
    <Button variant={variant} icon={<PlusIcon />} onClick={onNewBoard} busy={creating === "new"} disabled={creating !== null}>
      {S.newBoard}
    </Button>
  );

  return (
    <section
      className={[styles.boards, dragging ? styles.dragging : ""].filter(Boolean).join(" ")}
      aria-labelledby="boards-heading"
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <div className={styles.toolbar} data-testid="home-toolbar">
        <div className={styles.toolbarTitle}>
          <h2 id="boards-heading" className={styles.sectionTitle}>
            {S.listLabel}
          </h2>
          {list.status === "ready" && list.boards.length > 0 ? (
            <span className={styles.count}>{S.boardCount(list.boards.length)}</span>
          ) : null}
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
          {list.status === "ready" && list.boards.length === 0 ? null : (
            <>
              {templateMenu("secondary")}
              {newButton("primary")}
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

      {problem ? (
        <Alert title={problem.title} onDismiss={() => setProblem(null)} dismissLabel={S.dismiss} className={styles.problem}>
          <IssueList problem={problem} />
        </Alert>
      ) : null}

      {list.status === "loading" ? <SkeletonList /> : null}

      {list.status === "error" ? (
        <Alert
          title={S.loadFailed}
          actions={
            <Button size="sm" icon={<RefreshIcon />} onClick={() => void load()}>
              {S.retry}
            </Button>
          }
        >
          {list.message}
        </Alert>
      ) : null}

      {list.status === "ready" && list.boards.length === 0 ? (
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
                busy={creatingTemplate === template.id}
                disabled={creating !== null}
                title={S.templateDescriptions[template.id]}
              >
                {S.newFromTemplate(template.name)}
              </Button>
            ))}
            {newButton("secondary")}
          </div>
        </div>
      ) : null}

      {list.status === "ready" && list.boards.length > 0 ? (
        <div className={styles.table} role="table" aria-label={S.listLabel} aria-rowcount={list.boards.length + 1}>
          <div className={styles.headRow} role="row">
            <span role="columnheader">{S.columnName}</span>
            <span role="columnheader">{S.columnEdited}</span>
            <span role="columnheader" className={styles.numeric}>
              {S.columnStickies}
            </span>
            <span role="columnheader" className={styles.actionsHead}>
              <span className={styles.visuallyHidden}>{S.columnActions}</span>
            </span>
          </div>
          <div role="rowgroup">
            {list.boards.map((board) => (
              <BoardRow
                key={board.id}
                board={board}
                now={now}
                renaming={renamingId === board.id}
                busy={rowBusy[board.id] ?? null}
                error={rowErrors[board.id] ?? null}
                fresh={freshId === board.id}
                onStartRename={() => {
                  setRowError(board.id, null);
                  setRenamingId(board.id);
                }}
                onCancelRename={() => {
                  setRowError(board.id, null);
                  setRenamingId(null);
                }}
                onRename={(name) => void onRename(board, name)}
                onDuplicate={() => void onDuplicate(board)}
                onDelete={() => {
                  setDeleteError(null);
                  setToDelete(board);
                }}
                onDismissError={() => setRowError(board.id, null)}
              />
            ))}
          </div>
        </div>
      ) : null}

      {list.status === "ready" && list.boards.length > 0 ? <p className={styles.tip}>{S.dropTip}</p> : null}

      <ConfirmDialog
        open={toDelete !== null}
        title={toDelete ? S.deleteTitle(toDelete.name) : ""}
        confirmLabel={S.deleteConfirm}
        cancelLabel={S.cancel}
        busy={toDelete !== null && rowBusy[toDelete.id] === "delete"}
        error={deleteError}
        onConfirm={() => void onConfirmDelete()}
        onCancel={() => {
          setToDelete(null);
          setDeleteError(null);
        }}
      >
        {toDelete ? <p>{S.deleteBody(toDelete.nodeCount)}</p> : null}
      </ConfirmDialog>
    </section>
  );
}

function SkeletonList() {
  return (
    <div className={styles.table} aria-busy="true" data-testid="boards-loading">
      <span className={styles.visuallyHidden} role="status">
        {S.loading}
      </span>
      {[0, 1, 2].map((i) => (
        <div key={i} className={styles.skeletonRow} aria-hidden="true">
          <span className={styles.skeletonIcon} />
          <span className={styles.skeletonBar} style={{ width: `${[46, 32, 40][i]}%` }} />
          <span className={styles.skeletonBar} style={{ width: 80 }} />
          <span className={styles.skeletonBar} style={{ width: 60 }} />
        </div>
      ))}
    </div>
  );
}

export default BoardList;
