-- Simulation runtime (lib/runtime): runs, their spans, processed-message records, read-model
-- rows and dead letters, beside the event store's tables. Written by raw SQL through pg on the
-- hot paths; kept in step with schema.prisma (SimRun, SimSpan, SimProcessed, SimReadModel,
-- SimDeadLetter). Run ids are text, as the event store's `run_id` columns are.

-- One row per run: the board as it was and the checked scenario (a resumed run or a replay uses
-- these), the status, live counters, the summary once finished, and a heartbeat that a stale
-- value of marks an interrupted run.
CREATE TABLE "sim_runs" (
    "id" TEXT NOT NULL,
    "board_id" UUID,
    "board_name" TEXT NOT NULL,
    "board" JSONB NOT NULL,
    "scenario" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "counters" JSONB NOT NULL,
    "summary" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sim_runs_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "sim_runs_board_id_created_at_idx" ON "sim_runs"("board_id", "created_at" DESC);
CREATE INDEX "sim_runs_status_idx" ON "sim_runs"("status");

-- Spans, numbered per run: (run_id, seq) is what the live view resumes from after a reconnect.
-- Times are epoch milliseconds with a fractional part.
CREATE TABLE "sim_spans" (
    "run_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,
    "parent_span_id" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "started_at" DOUBLE PRECISION NOT NULL,
    "ended_at" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,
    CONSTRAINT "sim_spans_pkey" PRIMARY KEY ("run_id", "seq")
);

-- One row per (consumer group, message) a consumer processed, written in the transaction of its
-- effect: a duplicate delivery finds it and changes nothing.
CREATE TABLE "sim_processed" (
    "consumer_group" TEXT NOT NULL,
    "message_id" UUID NOT NULL,
    "run_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sim_processed_pkey" PRIMARY KEY ("consumer_group", "message_id")
);

CREATE INDEX "sim_processed_run_id_idx" ON "sim_processed"("run_id");

-- Read-model rows: the fields, the version ([transaction id, global position]) that last set
-- each field, and how many events built the row.
CREATE TABLE "sim_read_models" (
    "run_id" TEXT NOT NULL,
    "read_model" TEXT NOT NULL,
    "row_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "versions" JSONB NOT NULL,
    "event_count" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sim_read_models_pkey" PRIMARY KEY ("run_id", "read_model", "row_id")
);

-- Messages a consumer group gave up on: the whole message (id, headers, payload), the attempts
-- and the last error; a replay records its outcome.
CREATE TABLE "sim_dead_letters" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "consumer_group" TEXT NOT NULL,
    "message_id" UUID NOT NULL,
    "message" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT NOT NULL,
    "dead_lettered_at" TIMESTAMPTZ(3) NOT NULL,
    "replayed_at" TIMESTAMPTZ(3),
    "replay_status" TEXT,
    CONSTRAINT "sim_dead_letters_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "sim_dead_letters_run_id_consumer_group_message_id_key" ON "sim_dead_letters"("run_id", "consumer_group", "message_id");

-- Merges one event's fields into a read-model row: a field is taken when the event's version
-- is newer than the one that set it ("createdAt": older, so the first event wins). The same rule
-- as lib/sim/projection.ts's mergeRow, so the live rows equal a rebuild. Versions are jsonb
-- arrays [transaction id, global position], which jsonb orders element by element, numerically.
CREATE FUNCTION sim_lww_merge(p_data JSONB, p_versions JSONB, p_fields JSONB, p_version JSONB, OUT data JSONB, OUT versions JSONB)
LANGUAGE sql IMMUTABLE
AS $$
    SELECT coalesce(jsonb_object_agg(k, CASE WHEN take THEN p_fields -> k ELSE p_data -> k END), '{}'::jsonb),
           coalesce(jsonb_object_agg(k, CASE WHEN take THEN p_version ELSE p_versions -> k END), '{}'::jsonb)
    FROM (
        SELECT k,
               (p_fields ? k) AND (NOT (p_versions ? k) OR CASE WHEN k = 'createdAt' THEN p_version < (p_versions -> k) ELSE (p_versions -> k) < p_version END) AS take
        FROM (SELECT jsonb_object_keys(p_data) UNION SELECT jsonb_object_keys(p_fields)) AS keys(k)
    ) s
$$;

-- Records a batch of processed messages, each with its read-model update when it has one
-- (p_read_models[i] NOT NULL): the update happens only when the record was new, so a duplicate
-- changes nothing. One round trip and one commit for many consumers' deliveries; items are
-- applied in order, so one row may be updated twice in a batch. Returns, per item, whether it
-- was new (true) or a duplicate (false).
CREATE FUNCTION sim_record_batch(
    p_groups TEXT[],
    p_message_ids UUID[],
    p_run_ids TEXT[],
    p_read_models TEXT[],
    p_row_ids TEXT[],
    p_fields JSONB[],
    p_versions JSONB[]
) RETURNS BOOLEAN[]
LANGUAGE plpgsql
AS $$
DECLARE
    v_out BOOLEAN[] := '{}';
    v_new BOOLEAN;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(p_message_ids), 0) LOOP
        INSERT INTO sim_processed (consumer_group, message_id, run_id)
        VALUES (p_groups[i], p_message_ids[i], p_run_ids[i])
        ON CONFLICT DO NOTHING;
        v_new := FOUND;
        IF v_new AND p_read_models[i] IS NOT NULL THEN
            INSERT INTO sim_read_models AS r (run_id, read_model, row_id, data, versions, event_count)
            SELECT p_run_ids[i], p_read_models[i], p_row_ids[i], m.data, m.versions, 1
            FROM sim_lww_merge('{}'::jsonb, '{}'::jsonb, p_fields[i], p_versions[i]) m
            ON CONFLICT (run_id, read_model, row_id) DO UPDATE
                SET (data, versions) = (SELECT m2.data, m2.versions FROM sim_lww_merge(r.data, r.versions, p_fields[i], p_versions[i]) m2),
                    event_count = r.event_count + 1,
                    updated_at = CURRENT_TIMESTAMP;
        END IF;
        v_out := v_out || v_new;
    END LOOP;
    RETURN v_out;
END;
$$;
