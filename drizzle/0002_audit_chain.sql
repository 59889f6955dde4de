ALTER TABLE "audit_events" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_seq_idx" ON "audit_events" USING btree ("seq");--> statement-breakpoint
-- TRUNCATE bypasses row triggers: refuse it with a statement trigger (the app role should not own
-- the table either: see docs/remediation.md, "Threat model").
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION trailhound_audit_append_only();
--> statement-breakpoint
-- The text a row's hash covers. `trailhound audit verify` rebuilds the same text from the row's
-- columns (jsonb's canonical text form, the timestamp in UTC to the microsecond) and hashes it itself.
CREATE OR REPLACE FUNCTION trailhound_audit_row_text(prev text, seq bigint, id bigint, at timestamptz, actor text, kind text, proposal_id text, account text, data jsonb) RETURNS text AS $$
  SELECT prev || E'\n' || seq::text || E'\n' || id::text || E'\n' ||
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || E'\n' || actor || E'\n' || kind || E'\n' ||
    coalesce(proposal_id, '') || E'\n' || coalesce(account, '') || E'\n' || data::text
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- Each row stores the hash of the previous one. One transaction-scoped advisory lock serialises
-- appends, so seq has no gaps and no two rows claim the same predecessor.
CREATE OR REPLACE FUNCTION trailhound_audit_chain() RETURNS trigger AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(7391046251);
  SELECT e.seq, e.hash INTO last_seq, last_hash FROM audit_events e WHERE e.seq IS NOT NULL ORDER BY e.seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := encode(sha256(convert_to(trailhound_audit_row_text(NEW.prev_hash, NEW.seq, NEW.id, NEW.at, NEW.actor, NEW.kind, NEW.proposal_id, NEW.account, NEW.data), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Chain the rows written before this migration, oldest first (the append-only trigger is lifted
-- for this one backfill, inside the migration's transaction).
ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
--> statement-breakpoint
DO $$
DECLARE
  r RECORD;
  n bigint := 0;
  h text := repeat('0', 64);
  nh text;
BEGIN
  FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
    n := n + 1;
    nh := encode(sha256(convert_to(trailhound_audit_row_text(h, n, r.id, r.at, r.actor, r.kind, r.proposal_id, r.account, r.data), 'UTF8')), 'hex');
    UPDATE audit_events SET seq = n, prev_hash = h, hash = nh WHERE id = r.id;
    h := nh;
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION trailhound_audit_chain();
