-- CreateEnum
CREATE TYPE "WebhookScheme" AS ENUM ('stripe', 'github', 'slack', 'shopify', 'hubspot_v3', 'twilio', 'standard_webhooks', 'generic_hmac');

-- AlterEnum
ALTER TYPE "AuthEventSource" ADD VALUE 'webhook';

-- AlterEnum
ALTER TYPE "AuthEventClass" ADD VALUE 'invalid_signature';

-- CreateTable
CREATE TABLE "webhook_sources" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scheme" "WebhookScheme" NOT NULL,
    "credential_id" TEXT NOT NULL,
    "tolerance_seconds" INTEGER NOT NULL DEFAULT 300,
    "signed_url" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" TEXT,
    "last_verified_at" TIMESTAMPTZ(3),
    "last_failure_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "source_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "event_id" TEXT,
    "content_type" TEXT,
    "body_size" INTEGER NOT NULL,
    "body" BYTEA,
    "body_truncated" BOOLEAN NOT NULL DEFAULT false,
    "secret_version" INTEGER,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_replay_keys" (
    "source_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_replay_keys_pkey" PRIMARY KEY ("source_id","key")
);

-- CreateIndex
CREATE INDEX "webhook_sources_workspace_id_idx" ON "webhook_sources"("workspace_id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_source_id_received_at_idx" ON "webhook_deliveries"("source_id", "received_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_received_at_idx" ON "webhook_deliveries"("received_at");

-- CreateIndex
CREATE INDEX "webhook_replay_keys_expires_at_idx" ON "webhook_replay_keys"("expires_at");

-- AddForeignKey
ALTER TABLE "webhook_sources" ADD CONSTRAINT "webhook_sources_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_sources" ADD CONSTRAINT "webhook_sources_credential_id_fkey" FOREIGN KEY ("credential_id") REFERENCES "credentials"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "webhook_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;
