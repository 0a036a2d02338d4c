-- es_append, extended: a writer that publishes its own outbox rows right after the commit (the
-- runtime's relay, without a round trip to claim them) asks for them claimed at insert, for a
-- lease (p_claim_ms): another relay takes them only if the lease runs out (the writer died before
-- publishing: at-least-once, as with a claim). It also returns each event's outbox row id (NULL
-- for an event without one), to mark them published, and the time the events were stored (as
-- their created_at column holds it).
DROP FUNCTION es_append(TEXT, TEXT, TEXT, BIGINT, UUID[], TEXT[], JSONB[], JSONB[], TEXT[], TEXT[]);

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
    p_outbox_keys TEXT[] DEFAULT NULL,
    p_claim_ms INTEGER DEFAULT NULL
) RETURNS TABLE (ok BOOLEAN, stream_version BIGINT, positions BIGINT[], transaction_id xid8, outbox_ids BIGINT[], created_at TIMESTAMPTZ)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    v_count BIGINT := coalesce(cardinality(p_event_ids), 0);
    v_next BIGINT;
    v_positions BIGINT[];
    v_outbox_ids BIGINT[];
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
            NULL::BIGINT[], NULL::xid8, NULL::BIGINT[], NULL::TIMESTAMPTZ;
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
        WITH inserted AS (
            INSERT INTO es_outbox (event_id, topic, key, run_id, attempts, claimed_until)
            SELECT o.event_id, o.topic, coalesce(o.key, p_stream_id), p_run_id,
                   CASE WHEN p_claim_ms IS NULL THEN 0 ELSE 1 END,
                   CASE WHEN p_claim_ms IS NULL THEN NULL
                        ELSE date_trunc('milliseconds', CURRENT_TIMESTAMP) + p_claim_ms * INTERVAL '1 millisecond' END
            FROM unnest(p_event_ids, p_outbox_topics, p_outbox_keys) WITH ORDINALITY AS o(event_id, topic, key, ord)
            WHERE o.topic IS NOT NULL
            ORDER BY o.ord
            RETURNING es_outbox.id, es_outbox.event_id
        )
        SELECT array_agg(i.id ORDER BY e.ord) INTO v_outbox_ids
        FROM unnest(p_event_ids) WITH ORDINALITY AS e(event_id, ord)
        LEFT JOIN inserted i ON i.event_id = e.event_id;
    END IF;

    -- As the events' created_at column stores it (milliseconds), so a message built from the
    -- append says what a read of the stored event would.
    RETURN QUERY SELECT TRUE, v_next, v_positions, v_transaction_id, v_outbox_ids, CURRENT_TIMESTAMP::timestamptz(3);
END;
$$;

-- Write units: what one consumer does with one message, as one statement rather than a
-- transaction of four (BEGIN, the processed record, the append, COMMIT). Each unit is a
-- processed-message record and/or an append (es_append: stream version check, events, outbox
-- rows), all or nothing; units are independent of each other, so the runtime batches the writes
-- of concurrent consumers into one call and one commit. A unit that cannot apply writes nothing
-- and says why: its message was processed already (`duplicate`), its stream was not at the
-- expected version (`conflict`, with the stream's version), or its events are stored already
-- (`duplicate_event`: a re-issued append). Nothing raises for those, so one unit never fails
-- the others.
--
-- p_units: a JSON array of {g?, m?, r, s?, t?, v?, l?, e?}: g/m the consumer group and message id
-- of the processed record, r the run id, s/t the stream and its type, v the expected version (-1
-- any, 0 no stream, n at n), l the lease (ms) to claim the outbox rows for, e the events [{i: id,
-- y: type, d: data, md: metadata, o: outbox topic or null, k: outbox key}]. Returns a JSON array,
-- one result per unit, in order: {s: "applied", v?: version, p?: positions, x?: transaction id,
-- b?: outbox ids, c?: created at} or {s: <reason>, v?}.
CREATE FUNCTION sim_commit_units(p_units JSONB) RETURNS JSONB
LANGUAGE plpgsql
AS $$
DECLARE
    v_unit JSONB;
    -- Appended to in place (an expanded array), not rebuilt per unit as a jsonb concatenation is.
    v_out JSONB[] := '{}';
    v_ids UUID[];
    v_types TEXT[];
    v_datas JSONB[];
    v_metas JSONB[];
    v_topics TEXT[];
    v_keys TEXT[];
    v_result RECORD;
BEGIN
    FOR v_unit IN SELECT value FROM jsonb_array_elements(p_units) LOOP
        IF v_unit ? 'g' THEN
            INSERT INTO sim_processed (consumer_group, message_id, run_id)
            VALUES (v_unit->>'g', (v_unit->>'m')::uuid, v_unit->>'r')
            ON CONFLICT DO NOTHING;
            IF NOT FOUND THEN
                v_out := array_append(v_out, jsonb_build_object('s', 'duplicate'));
                CONTINUE;
            END IF;
        END IF;

        IF NOT (v_unit ? 'e') OR jsonb_array_length(v_unit->'e') = 0 THEN
            v_out := array_append(v_out, jsonb_build_object('s', 'applied'));
            CONTINUE;
        END IF;

        SELECT array_agg((x.e->>'i')::uuid ORDER BY x.ord), array_agg(x.e->>'y' ORDER BY x.ord),
               array_agg(x.e->'d' ORDER BY x.ord), array_agg(x.e->'md' ORDER BY x.ord),
               array_agg(x.e->>'o' ORDER BY x.ord), array_agg(x.e->>'k' ORDER BY x.ord)
        INTO v_ids, v_types, v_datas, v_metas, v_topics, v_keys
        FROM jsonb_array_elements(v_unit->'e') WITH ORDINALITY AS x(e, ord);

        IF EXISTS (SELECT 1 FROM es_events WHERE event_id = ANY(v_ids)) THEN
            IF v_unit ? 'g' THEN
                DELETE FROM sim_processed WHERE consumer_group = v_unit->>'g' AND message_id = (v_unit->>'m')::uuid;
            END IF;
            v_out := array_append(v_out, jsonb_build_object('s', 'duplicate_event'));
            CONTINUE;
        END IF;

        SELECT * INTO v_result FROM es_append(
            v_unit->>'s', v_unit->>'t', v_unit->>'r', (v_unit->>'v')::bigint,
            v_ids, v_types, v_datas, v_metas,
            CASE WHEN EXISTS (SELECT 1 FROM unnest(v_topics) AS t(topic) WHERE t.topic IS NOT NULL) THEN v_topics END,
            v_keys, (v_unit->>'l')::integer);

        IF NOT v_result.ok THEN
            IF v_unit ? 'g' THEN
                DELETE FROM sim_processed WHERE consumer_group = v_unit->>'g' AND message_id = (v_unit->>'m')::uuid;
            END IF;
            v_out := array_append(v_out, jsonb_build_object('s', 'conflict', 'v', v_result.stream_version));
            CONTINUE;
        END IF;

        v_out := array_append(v_out, jsonb_build_object(
            's', 'applied', 'v', v_result.stream_version,
            'p', (SELECT jsonb_agg(p::text) FROM unnest(v_result.positions) AS p),
            'x', v_result.transaction_id::text,
            'b', (SELECT jsonb_agg(b::text) FROM unnest(v_result.outbox_ids) AS b),
            'c', to_jsonb(v_result.created_at)));
    END LOOP;
    RETURN to_jsonb(v_out);
END;
$$;

-- Both functions find rows by key only (event ids, stream ids, processed records). Their plans
-- are cached per connection, first made while the tables are nearly empty, when a sequential
-- scan is the cheaper plan, and kept as the tables grow: a duplicate-event check then reads the
-- whole event table for every unit. Planned without sequential scans, every lookup uses its index.
ALTER FUNCTION sim_commit_units(JSONB) SET enable_seqscan = off;
ALTER FUNCTION es_append(TEXT, TEXT, TEXT, BIGINT, UUID[], TEXT[], JSONB[], JSONB[], TEXT[], TEXT[], INTEGER) SET enable_seqscan = off;
