-- sim_commit_units, set-based. The function of 20261201000000_commit_units applies a batch of
-- write units one at a time: per unit a processed record, a duplicate-event lookup and an
-- es_append call of five statements. A batch of twenty units ran a hundred statements, and that
-- was most of a run's PostgreSQL time (issue 10: a run's throughput is its batch writer's).
--
-- Nearly every batch is all `applied`: a duplicate, a conflict or a re-issued append happens only
-- on redelivery, resume or concurrent writers. So a batch is first tried whole, one statement per
-- table, in a subtransaction. If any unit would not apply as it stands (its message was processed
-- already, one of its event ids is stored, its stream is not at the version it expects, or two
-- units of the batch disagree on a stream's version), that attempt raises SFB01, is rolled back,
-- and the batch goes through the per-unit function, which decides each unit exactly as before. The
-- results never depend on which path ran; only the cost does. A deadlock with a concurrent writer
-- during the attempt falls back the same way (its locks are released with the subtransaction).

ALTER FUNCTION sim_commit_units(JSONB) RENAME TO sim_commit_units_each;

-- The whole batch applied, with sim_commit_units_each's results; or SFB01.
CREATE FUNCTION sim_commit_units_bulk(p_units JSONB) RETURNS JSONB
LANGUAGE plpgsql
AS $$
DECLARE
    v_g TEXT[];
    v_m UUID[];
    v_r TEXT[];
    v_s TEXT[];
    v_t TEXT[];
    v_v BIGINT[];
    v_c INTEGER[];
    v_first BIGINT[];
    v_ok BOOLEAN;
    v_rows INTEGER;
    v_streams INTEGER;
    v_missing BIGINT;
    v_transaction_id xid8;
    v_out JSONB;
BEGIN
    SELECT array_agg(u.x->>'g' ORDER BY u.n), array_agg((u.x->>'m')::uuid ORDER BY u.n),
           array_agg(u.x->>'r' ORDER BY u.n), array_agg(u.x->>'s' ORDER BY u.n),
           array_agg(u.x->>'t' ORDER BY u.n), array_agg((u.x->>'v')::bigint ORDER BY u.n),
           array_agg(CASE WHEN jsonb_typeof(u.x->'e') = 'array' THEN jsonb_array_length(u.x->'e') ELSE 0 END ORDER BY u.n)
    INTO v_g, v_m, v_r, v_s, v_t, v_v, v_c
    FROM jsonb_array_elements(p_units) WITH ORDINALITY AS u(x, n);
    IF v_c IS NULL THEN
        RETURN '[]'::jsonb;
    END IF;

    -- Processed records: each must be new (a message twice in the batch is not).
    INSERT INTO sim_processed (consumer_group, message_id, run_id)
    SELECT p.g, p.m, p.r FROM unnest(v_g, v_m, v_r) AS p(g, m, r) WHERE p.g IS NOT NULL
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows <> (SELECT count(*) FROM unnest(v_g) AS p(g) WHERE p.g IS NOT NULL) THEN
        RAISE EXCEPTION 'a message of the batch was processed already' USING ERRCODE = 'SFB01';
    END IF;

    -- Streams: lock the existing ones in key order (as a concurrent batch does), then each unit's
    -- first version is the stream's version plus what the batch's earlier units append to it, and
    -- its expectation must hold there, as it would when the units are applied one by one.
    WITH current AS MATERIALIZED (
        SELECT st.stream_id, st.version FROM es_streams st
        WHERE st.stream_id = ANY(v_s) ORDER BY st.stream_id FOR UPDATE
    ), units AS (
        SELECT x.n, x.s, x.v, x.c,
               coalesce(sum(x.c) OVER (PARTITION BY x.s ORDER BY x.n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS prior
        FROM unnest(v_s, v_v, v_c) WITH ORDINALITY AS x(s, v, c, n)
    )
    SELECT array_agg(CASE WHEN u.c = 0 THEN NULL ELSE coalesce(cur.version, 0) + u.prior + 1 END ORDER BY u.n),
           bool_and(CASE WHEN u.c = 0 THEN TRUE
                         WHEN u.v = -1 THEN TRUE
                         WHEN u.v = 0 THEN cur.stream_id IS NULL AND u.prior = 0
                         WHEN u.v > 0 THEN u.v = coalesce(cur.version, 0) + u.prior
                         ELSE FALSE END)
    INTO v_first, v_ok
    FROM units u LEFT JOIN current cur ON cur.stream_id = u.s;
    IF NOT v_ok THEN
        RAISE EXCEPTION 'a stream of the batch is not at the version its unit expects' USING ERRCODE = 'SFB01';
    END IF;

    UPDATE es_streams AS st SET version = st.version + a.total, updated_at = CURRENT_TIMESTAMP
    FROM (SELECT x.s, sum(x.c) AS total FROM unnest(v_s, v_c) AS x(s, c) WHERE x.c > 0 GROUP BY x.s) a
    WHERE st.stream_id = a.s;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_streams := v_rows;
    -- New streams take their type and run from the batch's first unit on them, as es_append did.
    INSERT INTO es_streams (stream_id, stream_type, version, run_id)
    SELECT a.s, a.t, a.total, a.r FROM (
        SELECT DISTINCT ON (x.s) x.s, x.t, x.r, sum(x.c) OVER (PARTITION BY x.s) AS total
        FROM unnest(v_s, v_t, v_r, v_c) WITH ORDINALITY AS x(s, t, r, c, n)
        WHERE x.c > 0 ORDER BY x.s, x.n
    ) a
    WHERE NOT EXISTS (SELECT 1 FROM es_streams st WHERE st.stream_id = a.s)
    ORDER BY a.s
    ON CONFLICT (stream_id) DO NOTHING;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    -- A stream another writer created since the lock above is one this batch did not expect.
    IF v_streams + v_rows <> (SELECT count(DISTINCT x.s) FROM unnest(v_s, v_c) AS x(s, c) WHERE x.c > 0) THEN
        RAISE EXCEPTION 'a stream of the batch was created meanwhile' USING ERRCODE = 'SFB01';
    END IF;

    -- The stream writes above gave this transaction its id; every event is stamped with it.
    v_transaction_id := pg_current_xact_id();

    -- Events in unit order, then their outbox rows (claimed at insert for a lease when the unit
    -- asks, as es_append does); each unit's result as sim_commit_units_each writes it.
    WITH ev AS MATERIALIZED (
        SELECT u.n, e.ord, u.x->>'s' AS s, v_first[u.n::integer] + e.ord - 1 AS version,
               (e.x->>'i')::uuid AS event_id, e.x->>'y' AS type, e.x->'d' AS data, e.x->'md' AS metadata,
               u.x->>'r' AS r, e.x->>'o' AS topic, e.x->>'k' AS key, (u.x->>'l')::integer AS l
        FROM jsonb_array_elements(p_units) WITH ORDINALITY AS u(x, n),
             jsonb_array_elements(CASE WHEN jsonb_typeof(u.x->'e') = 'array' THEN u.x->'e' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(x, ord)
    ), ins AS (
        INSERT INTO es_events (stream_id, version, event_id, type, data, metadata, transaction_id, run_id)
        SELECT ev.s, ev.version, ev.event_id, ev.type, ev.data, ev.metadata, v_transaction_id, ev.r
        FROM ev ORDER BY ev.n, ev.ord
        ON CONFLICT DO NOTHING
        RETURNING es_events.global_position, es_events.event_id
    ), obx AS (
        INSERT INTO es_outbox (event_id, topic, key, run_id, attempts, claimed_until)
        SELECT ev.event_id, ev.topic, coalesce(ev.key, ev.s), ev.r,
               CASE WHEN ev.l IS NULL THEN 0 ELSE 1 END,
               CASE WHEN ev.l IS NULL THEN NULL
                    ELSE date_trunc('milliseconds', CURRENT_TIMESTAMP) + ev.l * INTERVAL '1 millisecond' END
        FROM ev JOIN ins ON ins.event_id = ev.event_id
        WHERE ev.topic IS NOT NULL
        ORDER BY ev.n, ev.ord
        RETURNING es_outbox.id, es_outbox.event_id
    ), per_unit AS (
        SELECT ev.n,
               jsonb_agg(ins.global_position::text ORDER BY ev.ord) AS p,
               CASE WHEN bool_or(ev.topic IS NOT NULL) THEN jsonb_agg(obx.id::text ORDER BY ev.ord) END AS b
        FROM ev LEFT JOIN ins ON ins.event_id = ev.event_id LEFT JOIN obx ON obx.event_id = ev.event_id
        GROUP BY ev.n
    )
    SELECT (SELECT count(*) FROM ev) - (SELECT count(*) FROM ins),
           jsonb_agg(CASE WHEN pu.n IS NULL THEN jsonb_build_object('s', 'applied')
                          ELSE jsonb_build_object('s', 'applied', 'v', v_first[i.n] + v_c[i.n] - 1, 'p', pu.p,
                                                  'x', v_transaction_id::text, 'b', pu.b,
                                                  'c', to_jsonb(CURRENT_TIMESTAMP::timestamptz(3))) END
                     ORDER BY i.n)
    INTO v_missing, v_out
    FROM generate_subscripts(v_c, 1) AS i(n) LEFT JOIN per_unit pu ON pu.n = i.n;
    IF v_missing <> 0 THEN
        RAISE EXCEPTION 'an event of the batch is stored already' USING ERRCODE = 'SFB01';
    END IF;
    RETURN v_out;
END;
$$;

CREATE FUNCTION sim_commit_units(p_units JSONB) RETURNS JSONB
LANGUAGE plpgsql
AS $$
BEGIN
    BEGIN
        RETURN sim_commit_units_bulk(p_units);
    EXCEPTION WHEN SQLSTATE 'SFB01' OR deadlock_detected THEN
        NULL;
    END;
    RETURN sim_commit_units_each(p_units);
END;
$$;

-- As for the per-unit function: plans are cached per connection while the tables are small.
ALTER FUNCTION sim_commit_units_bulk(JSONB) SET enable_seqscan = off;
