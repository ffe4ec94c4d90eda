-- AlterTable
ALTER TABLE "auth_event_hourly" DROP CONSTRAINT "auth_event_hourly_pkey",
ADD CONSTRAINT "auth_event_hourly_pkey" PRIMARY KEY ("workspace_id", "class", "hour", "connection_id", "provider_key");
