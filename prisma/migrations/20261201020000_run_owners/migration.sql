-- Which server instance drives a run, and whether that instance is still there.
--
-- Every server instance picks a random uuid at start-up and holds, on one connection of its own,
-- a session-level advisory lock whose keys come from that uuid. PostgreSQL releases the lock the
-- moment that session ends: the process exited, was killed (the kernel closes its socket, the
-- backend sees EOF), or the database itself restarted. So "the instance is alive" is "some session
-- holds its lock", known at once, with no heartbeat to wait out. The heartbeat stays as the last
-- resort for an instance that is alive but no longer moves its run (a hung process).
--
-- owner_id NULL: a run started before this migration, or by a runtime without an identity (tests);
-- such a run is judged by its heartbeat alone, as before.
ALTER TABLE "sim_runs" ADD COLUMN "owner_id" UUID;

-- The two int4 advisory-lock keys of an instance: 31 bits from each end of its (random) uuid.
CREATE FUNCTION sim_instance_keys(instance UUID, OUT k1 INTEGER, OUT k2 INTEGER)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (('x' || substr(instance::text, 1, 8))::bit(32)::int & 2147483647),
         (('x' || substr(instance::text, 29, 8))::bit(32)::int & 2147483647)
$$;

-- True while a session of this database holds the instance's lock (pg_locks shows the two int4
-- keys of pg_advisory_lock(int4, int4) as classid and objid, with objsubid 2).
CREATE FUNCTION sim_instance_alive(instance UUID) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM pg_locks l, sim_instance_keys(instance) k
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid = k.k1::oid AND l.objid = k.k2::oid
  )
$$;

-- The sweep looks for running runs only; finished ones are most of the table.
CREATE INDEX "sim_runs_running_idx" ON "sim_runs" ("owner_id") WHERE "status" = 'running';
