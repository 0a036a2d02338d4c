-- Schema evolution (lib/boards/revisionLog.ts): every saved revision of a board is kept, with what
-- it changed (`summary`, counted by lib/model/revisionSummary.ts when it is saved, so a
-- history list never diffs anything) and who edited it (co-editing presence names; empty for
-- saves through the API). Written in the same transaction as the board row's new revision, so a
-- board's current revision always has its row here. Older revisions beyond the retention
-- (STORMFLOW_REVISIONS_KEEP) are deleted as new ones are written.
CREATE TABLE "board_revisions" (
    "board_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "authors" TEXT[] NOT NULL DEFAULT '{}',
    "saved_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "board_revisions_pkey" PRIMARY KEY ("board_id", "revision"),
    CONSTRAINT "board_revisions_board_id_fkey" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- History begins with each board as it is now.
INSERT INTO "board_revisions" ("board_id", "revision", "document", "summary", "saved_at")
SELECT "id", "revision", "document",
       jsonb_build_object('added', 0, 'removed', 0, 'changed', 0, 'moved', 0, 'edgesAdded', 0, 'edgesRemoved', 0,
                          'renamed', false, 'contractChanges', 0, 'breaking', 0, 'text', 'History starts here'),
       "updated_at"
FROM "boards";
