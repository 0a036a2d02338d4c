-- Keyset pages of a run's streams and read-model rows (GET /api/streams?runId=&after=, GET
-- /api/runs/:id/read-models?after=): both lists are ordered in byte order (COLLATE "C",
-- whatever the database's locale), so the indexes carry that collation and a page is a range
-- scan from the cursor on, not a sort of the whole run (runs may have 100,000 sagas).
CREATE INDEX "es_streams_run_id_stream_id_c_idx" ON "es_streams" ("run_id", "stream_id" COLLATE "C");
CREATE INDEX "sim_read_models_run_id_page_idx" ON "sim_read_models" ("run_id", "read_model" COLLATE "C", "row_id" COLLATE "C");
