-- CreateIndex
CREATE INDEX "auth_event_hourly_covering_idx" ON "auth_event_hourly"("workspace_id", "class", "hour", "connection_id", "provider_key", "count", "last_at");
