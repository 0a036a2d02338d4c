-- Spans stored a batch per row: the sink writes them in batches of hundreds, in seq order, and
-- they are read back in seq order from a seq on. One row per span made spans the largest part
-- of a run's write-ahead log (a tuple and an index entry per span, 43 per saga); one compressed
-- row per batch is a fraction of it. `sim_spans` stays, as a view with the same columns (SQL and
-- the Prisma model read it; an INSERT into it stores a one-span batch).
--
-- spans: a JSON array of [seq, traceId, spanId, parentSpanId, name, kind, startedAt, endedAt,
-- status, attributes], in seq order; batches of a run never overlap (first_seq..last_seq).
CREATE TABLE "sim_span_batches" (
    "run_id" TEXT NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "spans" JSON NOT NULL,
    CONSTRAINT "sim_span_batches_pkey" PRIMARY KEY ("run_id", "first_seq")
);

-- lz4 where the server has it (cheaper to compress than the default pglz); pglz otherwise.
DO $$
BEGIN
    ALTER TABLE "sim_span_batches" ALTER COLUMN "spans" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL;
END;
$$;

INSERT INTO "sim_span_batches" ("run_id", "first_seq", "last_seq", "spans")
SELECT run_id, min(seq), max(seq),
       json_agg(json_build_array(seq, trace_id, span_id, parent_span_id, name, kind, started_at, ended_at, status, attributes) ORDER BY seq)
FROM "sim_spans"
GROUP BY run_id, (seq - 1) / 500;

DROP TABLE "sim_spans";

CREATE VIEW "sim_spans" AS
SELECT b.run_id,
       (s.e ->> 0)::BIGINT AS seq,
       s.e ->> 1 AS trace_id,
       s.e ->> 2 AS span_id,
       s.e ->> 3 AS parent_span_id,
       s.e ->> 4 AS name,
       s.e ->> 5 AS kind,
       (s.e ->> 6)::DOUBLE PRECISION AS started_at,
       (s.e ->> 7)::DOUBLE PRECISION AS ended_at,
       s.e ->> 8 AS status,
       (s.e -> 9)::JSONB AS attributes
FROM "sim_span_batches" b
CROSS JOIN LATERAL json_array_elements(b.spans) AS s(e);

CREATE FUNCTION sim_spans_insert() RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO "sim_span_batches" ("run_id", "first_seq", "last_seq", "spans")
    VALUES (NEW.run_id, NEW.seq, NEW.seq,
            json_build_array(json_build_array(NEW.seq, NEW.trace_id, NEW.span_id, NEW.parent_span_id, NEW.name, NEW.kind,
                                              NEW.started_at, NEW.ended_at, NEW.status, NEW.attributes)))
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "sim_spans_insert" INSTEAD OF INSERT ON "sim_spans" FOR EACH ROW EXECUTE FUNCTION sim_spans_insert();
