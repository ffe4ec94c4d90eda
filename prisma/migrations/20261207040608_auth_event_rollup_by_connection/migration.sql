-- AlterTable
ALTER TABLE "auth_event_hourly" DROP CONSTRAINT "auth_event_hourly_pkey",
DROP COLUMN "environment",
ADD COLUMN     "connection_id" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "auth_event_hourly_pkey" PRIMARY KEY ("workspace_id", "hour", "connection_id", "provider_key", "class");

-- CreateIndex
CREATE INDEX "auth_event_hourly_connection_id_hour_idx" ON "auth_event_hourly"("connection_id", "hour");

-- Keep auth_event_hourly equal to a GROUP BY over auth_events (docs/decisions/0009-auth-event-rollup.md).
-- Statement-level triggers with transition tables: one upsert per statement, not per row.
-- Hours are UTC whatever the TimeZone of the session.

-- Adds grouped counts: [{workspace_id, hour, connection_id, provider_key, class, n, last_at}].
CREATE FUNCTION auth_event_hourly_add(delta jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO auth_event_hourly AS r (workspace_id, hour, connection_id, provider_key, class, count, last_at)
  SELECT d.workspace_id, d.hour, d.connection_id, d.provider_key, d.class, d.n, d.last_at
  FROM jsonb_to_recordset(delta) AS d(workspace_id text, hour timestamptz, connection_id text, provider_key text, class "AuthEventClass", n int, last_at timestamptz)
  -- A fixed order keeps concurrent multi-row statements from deadlocking on the rows of each other.
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, hour, connection_id, provider_key, class)
  DO UPDATE SET count = r.count + EXCLUDED.count, last_at = GREATEST(r.last_at, EXCLUDED.last_at);
END $$;

-- Subtracts grouped counts; drops rows that reach zero and recomputes last_at only when the
-- latest event of a row was among those removed.
CREATE FUNCTION auth_event_hourly_subtract(delta jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_event_hourly r
  SET count = r.count - d.n,
      last_at = CASE WHEN d.last_at >= r.last_at AND r.count > d.n THEN COALESCE((
        SELECT max(e.occurred_at) FROM auth_events e
        WHERE e.workspace_id = r.workspace_id AND e.occurred_at >= r.hour AND e.occurred_at < r.hour + interval '1 hour'
          AND e.class = r.class
          AND e.connection_id IS NOT DISTINCT FROM NULLIF(r.connection_id, '')
          AND e.provider_key IS NOT DISTINCT FROM NULLIF(r.provider_key, '')), r.last_at)
      ELSE r.last_at END
  FROM (SELECT * FROM jsonb_to_recordset(delta) AS x(workspace_id text, hour timestamptz, connection_id text, provider_key text, class "AuthEventClass", n int, last_at timestamptz) ORDER BY 1, 2, 3, 4, 5) d
  WHERE r.workspace_id = d.workspace_id AND r.hour = d.hour AND r.connection_id = d.connection_id
    AND r.provider_key = d.provider_key AND r.class = d.class;

  DELETE FROM auth_event_hourly r
  USING jsonb_to_recordset(delta) AS d(workspace_id text, hour timestamptz, connection_id text, provider_key text, class "AuthEventClass", n int, last_at timestamptz)
  WHERE r.workspace_id = d.workspace_id AND r.hour = d.hour AND r.connection_id = d.connection_id
    AND r.provider_key = d.provider_key AND r.class = d.class AND r.count <= 0;
END $$;

CREATE FUNCTION auth_event_hourly_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE delta jsonb;
BEGIN
  SELECT jsonb_agg(g) INTO delta FROM (
    SELECT workspace_id, date_trunc('hour', occurred_at, 'UTC') AS hour, COALESCE(connection_id, '') AS connection_id,
           COALESCE(provider_key, '') AS provider_key, class, count(*)::int AS n, max(occurred_at) AS last_at
    FROM new_rows GROUP BY 1, 2, 3, 4, 5) g;
  IF delta IS NOT NULL THEN PERFORM auth_event_hourly_add(delta); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION auth_event_hourly_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE delta jsonb;
BEGIN
  SELECT jsonb_agg(g) INTO delta FROM (
    SELECT workspace_id, date_trunc('hour', occurred_at, 'UTC') AS hour, COALESCE(connection_id, '') AS connection_id,
           COALESCE(provider_key, '') AS provider_key, class, count(*)::int AS n, max(occurred_at) AS last_at
    FROM old_rows GROUP BY 1, 2, 3, 4, 5) g;
  IF delta IS NOT NULL THEN PERFORM auth_event_hourly_subtract(delta); END IF;
  RETURN NULL;
END $$;

-- Updates move events between keys: deleting a connection sets connection_id to NULL (ON DELETE SET NULL).
CREATE FUNCTION auth_event_hourly_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE gone jsonb; came jsonb;
BEGIN
  SELECT jsonb_agg(g) INTO gone FROM (
    SELECT o.workspace_id, date_trunc('hour', o.occurred_at, 'UTC') AS hour, COALESCE(o.connection_id, '') AS connection_id,
           COALESCE(o.provider_key, '') AS provider_key, o.class, count(*)::int AS n, max(o.occurred_at) AS last_at
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.workspace_id, o.occurred_at, o.connection_id, o.provider_key, o.class)
          IS DISTINCT FROM (n.workspace_id, n.occurred_at, n.connection_id, n.provider_key, n.class)
    GROUP BY 1, 2, 3, 4, 5) g;
  IF gone IS NULL THEN RETURN NULL; END IF;
  SELECT jsonb_agg(g) INTO came FROM (
    SELECT n.workspace_id, date_trunc('hour', n.occurred_at, 'UTC') AS hour, COALESCE(n.connection_id, '') AS connection_id,
           COALESCE(n.provider_key, '') AS provider_key, n.class, count(*)::int AS n, max(n.occurred_at) AS last_at
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.workspace_id, o.occurred_at, o.connection_id, o.provider_key, o.class)
          IS DISTINCT FROM (n.workspace_id, n.occurred_at, n.connection_id, n.provider_key, n.class)
    GROUP BY 1, 2, 3, 4, 5) g;
  PERFORM auth_event_hourly_subtract(gone);
  PERFORM auth_event_hourly_add(came);
  RETURN NULL;
END $$;

CREATE FUNCTION auth_event_hourly_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM auth_event_hourly;
  RETURN NULL;
END $$;

CREATE TRIGGER auth_events_rollup_insert AFTER INSERT ON auth_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION auth_event_hourly_after_insert();
CREATE TRIGGER auth_events_rollup_delete AFTER DELETE ON auth_events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION auth_event_hourly_after_delete();
CREATE TRIGGER auth_events_rollup_update AFTER UPDATE ON auth_events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION auth_event_hourly_after_update();
CREATE TRIGGER auth_events_rollup_truncate AFTER TRUNCATE ON auth_events
  FOR EACH STATEMENT EXECUTE FUNCTION auth_event_hourly_after_truncate();

-- Backfill the events recorded before this migration (inserts wait until it commits).
LOCK TABLE auth_events IN SHARE ROW EXCLUSIVE MODE;
DELETE FROM auth_event_hourly;
INSERT INTO auth_event_hourly (workspace_id, hour, connection_id, provider_key, class, count, last_at)
SELECT workspace_id, date_trunc('hour', occurred_at, 'UTC'), COALESCE(connection_id, ''), COALESCE(provider_key, ''), class,
       count(*)::int, max(occurred_at)
FROM auth_events GROUP BY 1, 2, 3, 4, 5;
