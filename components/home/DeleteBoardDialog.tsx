"use client";
import { isolateBidi } from "@/lib/model/bidi";
import type { Dispatch } from "react";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import type { BoardListAction, BoardListState } from "./boardListState";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** Delete asks first: the board's name and size, busy while the request runs, its error if it fails. */
export function DeleteBoardDialog({ state, dispatch, onConfirm }: { state: BoardListState; dispatch: Dispatch<BoardListAction>; onConfirm(): void }) {
  const S = useStrings().home;
  const { toDelete, deleteError, rowBusy } = state;
  return (
    <ConfirmDialog
      open={toDelete !== null}
      title={toDelete ? S.deleteTitle(isolateBidi(toDelete.name)) : ""}
      confirmLabel={S.deleteConfirm}
      cancelLabel={S.cancel}
      busy={toDelete !== null && rowBusy[toDelete.id] === "delete"}
      error={deleteError}
      onConfirm={onConfirm}
      onCancel={() => dispatch({ type: "deleteCancelled" })}
    >
      {toDelete ? <p>{S.deleteBody(toDelete.nodeCount)}</p> : null}
    </ConfirmDialog>
  );
}
