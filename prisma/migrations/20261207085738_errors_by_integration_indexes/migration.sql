-- DropIndex
DROP INDEX "auth_event_hourly_connection_id_hour_idx";

-- CreateIndex
CREATE INDEX "connections_workspace_id_environment_id_idx" ON "connections"("workspace_id", "environment", "id");

-- CreateIndex
CREATE INDEX "auth_event_hourly_connection_covering_idx" ON "auth_event_hourly"("connection_id", "hour", "workspace_id", "provider_key", "class", "count");
