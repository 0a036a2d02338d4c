-- Event store: streams with a version, events with a global position and the id of the
-- transaction that wrote them, and an outbox of messages to publish; all written by one
-- function, es_append, so an append is one round trip and never a half-write.
-- Modelled on Emmett's PostgreSQL store (emt_streams / emt_messages / emt_append_event).
-- No foreign keys: es_append is the only writer and keeps the three tables consistent, and a
-- per-row FK check would cost every append. Kept in step with schema.prisma (EsStream, EsEvent,
-- EsOutbox).

-- One row per stream. `version` is the number of events in it: the optimistic-concurrency token.
-- `run_id` scopes a stream to a simulation run (NULL: not part of a run).
CREATE TABLE "es_streams" (
    "stream_id" TEXT NOT NULL,
    "stream_type" TEXT,
    "version" BIGINT NOT NULL,
    "run_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "es_streams_pkey" PRIMARY KEY ("stream_id")
);

CREATE INDEX "es_streams_run_id_idx" ON "es_streams"("run_id");

-- One row per event. `global_position` orders events across streams; `transaction_id` (xid8,
-- never wraps) lets readers skip nothing a slower transaction commits later: see readAll.
CREATE TABLE "es_events" (
    "global_position" BIGSERIAL NOT NULL,
    "stream_id" TEXT NOT NULL,
    "version" BIGINT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "metadata" JSONB NOT NULL,
    "transaction_id" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "run_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "es_events_pkey" PRIMARY KEY ("global_position")
);

CREATE UNIQUE INDEX "es_events_event_id_key" ON "es_events"("event_id");
CREATE UNIQUE INDEX "es_events_stream_id_version_key" ON "es_events"("stream_id", "version");
-- readAll pages in (transaction_id, global_position) order.
CREATE INDEX "es_events_transaction_id_global_position_idx" ON "es_events"("transaction_id", "global_position");

-- One row per message to publish, written in the append's transaction. The message is the
-- event itself (joined on event_id when claimed), so the payload is stored once.
-- A relay claims rows for a lease (`claimed_until`), publishes them, then sets `published_at`;
-- a relay that dies mid-way loses its lease and the rows are claimed again (at-least-once).
CREATE TABLE "es_outbox" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "run_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    CONSTRAINT "es_outbox_pkey" PRIMARY KEY ("id")
);

-- Only unpublished rows are ever searched; published ones stay as history and cost no index space.
CREATE INDEX "es_outbox_unpublished_idx" ON "es_outbox"("id") WHERE "published_at" IS NULL;
CREATE INDEX "es_outbox_unpublished_run_id_idx" ON "es_outbox"("run_id") WHERE "published_at" IS NULL;

-- Appends events (and their outbox rows) to a stream in one statement.
--   p_expected_version: -1 any version, 0 the stream must not exist, n the stream must be at n.
--   p_outbox_topics / p_outbox_keys: one entry per event; a NULL topic writes no outbox row for
--   that event, a NULL key defaults to the stream id (per-aggregate ordering).
-- The stream row is claimed first (INSERT .. ON CONFLICT / UPDATE .. WHERE version = expected),
-- so concurrent writers of one stream queue on its row lock and a loser writes nothing. It also
-- means a stream's global positions and outbox ids are taken in commit order.
-- On a version mismatch it returns ok = false and the stream's actual version, rather than
-- raising, so an append inside a caller's transaction leaves that transaction usable.
CREATE FUNCTION es_append(
    p_stream_id TEXT,
    p_stream_type TEXT,
    p_run_id TEXT,
    p_expected_version BIGINT,
    p_event_ids UUID[],
    p_types TEXT[],
    p_datas JSONB[],
    p_metadatas JSONB[],
    p_outbox_topics TEXT[] DEFAULT NULL,
    p_outbox_keys TEXT[] DEFAULT NULL
) RETURNS TABLE (ok BOOLEAN, stream_version BIGINT, positions BIGINT[], transaction_id xid8)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    v_count BIGINT := coalesce(cardinality(p_event_ids), 0);
    v_next BIGINT;
    v_positions BIGINT[];
    v_transaction_id xid8;
BEGIN
    IF v_count = 0 THEN
        RAISE EXCEPTION 'es_append: no events to append to %', p_stream_id USING ERRCODE = '22023';
    END IF;
    IF coalesce(cardinality(p_types), 0) <> v_count OR coalesce(cardinality(p_datas), 0) <> v_count
       OR coalesce(cardinality(p_metadatas), 0) <> v_count
       OR (p_outbox_topics IS NOT NULL AND cardinality(p_outbox_topics) <> v_count)
       OR (p_outbox_keys IS NOT NULL AND cardinality(p_outbox_keys) <> v_count) THEN
        RAISE EXCEPTION 'es_append: event arrays differ in length' USING ERRCODE = '22023';
    END IF;
    IF p_expected_version IS NULL OR p_expected_version < -1 THEN
        RAISE EXCEPTION 'es_append: expected version % is not -1 (any), 0 (no stream) or a version', p_expected_version
            USING ERRCODE = '22023';
    END IF;

    IF p_expected_version = -1 THEN
        INSERT INTO es_streams AS s (stream_id, stream_type, version, run_id)
        VALUES (p_stream_id, p_stream_type, v_count, p_run_id)
        ON CONFLICT (stream_id) DO UPDATE
            SET version = s.version + v_count, updated_at = CURRENT_TIMESTAMP
        RETURNING s.version INTO v_next;
    ELSIF p_expected_version = 0 THEN
        INSERT INTO es_streams (stream_id, stream_type, version, run_id)
        VALUES (p_stream_id, p_stream_type, v_count, p_run_id)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING version INTO v_next;
    ELSE
        UPDATE es_streams AS s
        SET version = p_expected_version + v_count, updated_at = CURRENT_TIMESTAMP
        WHERE s.stream_id = p_stream_id AND s.version = p_expected_version
        RETURNING s.version INTO v_next;
    END IF;

    IF v_next IS NULL THEN
        RETURN QUERY SELECT FALSE,
            coalesce((SELECT s.version FROM es_streams s WHERE s.stream_id = p_stream_id), 0::BIGINT),
            NULL::BIGINT[], NULL::xid8;
        RETURN;
    END IF;

    -- The stream write above already gave this transaction its id; every event is stamped with it.
    v_transaction_id := pg_current_xact_id();

    WITH inserted AS (
        INSERT INTO es_events (stream_id, version, event_id, type, data, metadata, transaction_id, run_id)
        SELECT p_stream_id, v_next - v_count + e.ord, e.event_id, e.type, e.data, e.metadata, v_transaction_id, p_run_id
        FROM unnest(p_event_ids, p_types, p_datas, p_metadatas) WITH ORDINALITY AS e(event_id, type, data, metadata, ord)
        ORDER BY e.ord
        RETURNING es_events.global_position, es_events.version
    )
    SELECT array_agg(i.global_position ORDER BY i.version) INTO v_positions FROM inserted i;

    IF p_outbox_topics IS NOT NULL THEN
        INSERT INTO es_outbox (event_id, topic, key, run_id)
        SELECT o.event_id, o.topic, coalesce(o.key, p_stream_id), p_run_id
        FROM unnest(p_event_ids, p_outbox_topics, p_outbox_keys) WITH ORDINALITY AS o(event_id, topic, key, ord)
        WHERE o.topic IS NOT NULL
        ORDER BY o.ord;
    END IF;

    RETURN QUERY SELECT TRUE, v_next, v_positions, v_transaction_id;
END;
$$;
