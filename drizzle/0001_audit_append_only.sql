-- The audit log is append-only: refuse UPDATE and DELETE at the database, not only in code.
CREATE OR REPLACE FUNCTION trailhound_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION trailhound_audit_append_only();
