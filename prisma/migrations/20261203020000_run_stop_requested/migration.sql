-- A stop asked for is kept with the run: if its process dies before the run has ended `stopped`
-- (a second Ctrl-C, a crash), whoever resumes it stops it again instead of re-issuing every entry
-- command the user meant to stop.
ALTER TABLE "sim_runs" ADD COLUMN "stop_requested_at" TIMESTAMPTZ(3);
