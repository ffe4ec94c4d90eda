-- Connections made before the refresh engine existed have no next_refresh_at: make the live,
-- refreshable ones due now so the first worker after the upgrade schedules them properly.
UPDATE "connections"
SET "next_refresh_at" = CURRENT_TIMESTAMP
WHERE "status" = 'active'
  AND "next_refresh_at" IS NULL
  AND ("refresh_token_sealed" IS NOT NULL OR "method" <> 'authorization_code');
