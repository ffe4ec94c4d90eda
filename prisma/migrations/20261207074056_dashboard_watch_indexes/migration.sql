-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "attention_at" TIMESTAMPTZ(3),
ADD COLUMN     "label_key" TEXT,
ADD COLUMN     "last_active_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "connections_workspace_id_attention_at_idx" ON "connections"("workspace_id", "attention_at");

-- CreateIndex
CREATE INDEX "connections_workspace_id_last_active_at_idx" ON "connections"("workspace_id", "last_active_at");

-- CreateIndex
CREATE INDEX "connections_workspace_id_label_key_idx" ON "connections"("workspace_id", "label_key");

-- Keep attention_at and last_active_at (docs/decisions/0013-dashboard-reads-what-it-shows.md).
-- attention_at <= T holds exactly when the connection is not healthy now, or may have a deadline by
-- T: a hard deadline, or an access token that will not be refreshed before it expires (no refresh
-- token, or no refresh scheduled before the expiry). The rules in lib/dashboard still decide; this
-- only chooses the rows they read. last_active_at is the latest of creation, use and refresh;
-- label_key orders lists by name through an index.
CREATE FUNCTION connections_watch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.attention_at := CASE
    WHEN NEW.health NOT IN ('healthy', 'refreshing') OR NEW.status <> 'active' THEN timestamptz '1970-01-01 00:00:00+00'
    ELSE LEAST(NEW.hard_deadline_at, CASE
      WHEN (NEW.method = 'authorization_code' AND NEW.refresh_token_issued_at IS NULL)
        OR (NEW.health <> 'refreshing' AND (NEW.next_refresh_at IS NULL OR NEW.next_refresh_at >= NEW.access_token_expires_at))
      THEN NEW.access_token_expires_at END)
  END;
  NEW.last_active_at := GREATEST(NEW.created_at, NEW.last_used_at, NEW.last_refreshed_at);
  NEW.label_key := lower(NEW.label);
  RETURN NEW;
END $$;

CREATE TRIGGER connections_watch BEFORE INSERT OR UPDATE ON connections FOR EACH ROW EXECUTE FUNCTION connections_watch();

-- Existing rows: the trigger computes the three columns.
UPDATE connections SET health = health;
