-- The set-based batch's statements are planned on arrays and JSON whose sizes PostgreSQL cannot
-- see (100 rows each by default, multiplied through the event/outbox joins), so on a server with
-- JIT (Debian's PostgreSQL 15, unlike the embedded one) every batch was JIT-compiled: 0.8-0.9 s a
-- batch, 50 times slower than the per-unit path (found by the QA pass on a DATABASE_URL server).
-- The batches are small; JIT never pays for itself here.
ALTER FUNCTION sim_commit_units_bulk(JSONB) SET jit = off;
ALTER FUNCTION sim_commit_units_each(JSONB) SET jit = off;
