-- CreateEnum
CREATE TYPE "ConnectionHealth" AS ENUM ('healthy', 'refreshing', 'degraded', 'needs_reauth', 'config_error', 'exhausted');

-- CreateEnum
CREATE TYPE "AuthEventSource" AS ENUM ('refresh', 'access_token', 'proxy', 'ingested');

-- CreateEnum
CREATE TYPE "AuthEventClass" AS ENUM ('success', 'recovered', 'rate_limited', 'provider_unavailable', 'network', 'unauthorized', 'needs_reauth', 'configuration_error', 'permission', 'not_retryable', 'proxy_auth', 'unknown', 'refresh_response_lost', 'exhausted');

-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "api_base_url" TEXT,
ADD COLUMN     "hard_deadline_at" TIMESTAMPTZ(3),
ADD COLUMN     "hard_deadline_note" TEXT,
ADD COLUMN     "hard_deadline_reason" TEXT,
ADD COLUMN     "health" "ConnectionHealth" NOT NULL DEFAULT 'healthy',
ADD COLUMN     "health_changed_at" TIMESTAMPTZ(3),
ADD COLUMN     "health_reason" TEXT,
ADD COLUMN     "last_refresh_error" "AuthEventClass",
ADD COLUMN     "last_used_at" TIMESTAMPTZ(3),
ADD COLUMN     "next_refresh_at" TIMESTAMPTZ(3),
ADD COLUMN     "refresh_attempt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refresh_failing_since" TIMESTAMPTZ(3),
ADD COLUMN     "refresh_fence" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refresh_in_flight_at" TIMESTAMPTZ(3),
ADD COLUMN     "refresh_lease_owner" TEXT,
ADD COLUMN     "refresh_lease_until" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "connection_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "auth_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT,
    "provider_key" TEXT,
    "source" "AuthEventSource" NOT NULL,
    "class" "AuthEventClass" NOT NULL,
    "action" TEXT NOT NULL DEFAULT 'none',
    "http_status" INTEGER,
    "oauth_error" TEXT,
    "attempt" INTEGER,
    "latency_ms" INTEGER,
    "rate_limit_remaining" INTEGER,
    "rate_limit_limit" INTEGER,
    "retry_after_ms" INTEGER,
    "health_after" "ConnectionHealth",
    "reason" TEXT,

    CONSTRAINT "auth_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "auth_events_workspace_id_occurred_at_idx" ON "auth_events"("workspace_id", "occurred_at");

-- CreateIndex
CREATE INDEX "auth_events_connection_id_occurred_at_idx" ON "auth_events"("connection_id", "occurred_at");

-- CreateIndex
CREATE INDEX "auth_events_occurred_at_idx" ON "auth_events"("occurred_at");

-- CreateIndex
CREATE INDEX "connections_next_refresh_at_idx" ON "connections"("next_refresh_at");

-- CreateIndex
CREATE INDEX "connections_hard_deadline_at_idx" ON "connections"("hard_deadline_at");

-- AddForeignKey
ALTER TABLE "auth_events" ADD CONSTRAINT "auth_events_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_events" ADD CONSTRAINT "auth_events_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;
