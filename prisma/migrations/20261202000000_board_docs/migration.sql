-- Co-editing (lib/coedit): each board's Yjs document as a log of updates, compacted into a snapshot.
--
-- An update is appended while its board's row is locked (SELECT … FOR UPDATE), so a board's
-- updates are numbered in commit order: a server that has read up to seq N and is told of a new
-- one reads seq > N and misses nothing. Compaction writes the document state up to seq N as the
-- snapshot and deletes those updates, in one transaction under the same lock.
--
-- boards.doc_seq: the last update the canonical `document` (what GET, exports and runs read)
-- was derived from. An update past it is not lost: the next server to open the board derives it.
ALTER TABLE "boards"
  ADD COLUMN "doc_snapshot" BYTEA,
  ADD COLUMN "doc_snapshot_seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "doc_seq" BIGINT NOT NULL DEFAULT 0;

CREATE TABLE "board_doc_updates" (
    "seq" BIGSERIAL NOT NULL,
    "board_id" UUID NOT NULL,
    "update" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "board_doc_updates_pkey" PRIMARY KEY ("seq"),
    CONSTRAINT "board_doc_updates_board_id_fkey" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "board_doc_updates_board_id_seq_idx" ON "board_doc_updates"("board_id", "seq");
