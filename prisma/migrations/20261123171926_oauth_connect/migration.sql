-- CreateEnum
CREATE TYPE "ConnectionMethod" AS ENUM ('authorization_code', 'client_credentials', 'jwt_bearer', 'jwt_login');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('active', 'needs_reauth', 'error', 'disconnected');

-- CreateTable
CREATE TABLE "custom_providers" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "entry" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "custom_providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_apps" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_sealed" TEXT,
    "private_key_sealed" TEXT,
    "auth_method" TEXT NOT NULL,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oauth_apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connections" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "oauth_app_id" TEXT,
    "method" "ConnectionMethod" NOT NULL,
    "label" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'prod',
    "status" "ConnectionStatus" NOT NULL DEFAULT 'active',
    "status_reason" TEXT,
    "access_token_sealed" TEXT,
    "refresh_token_sealed" TEXT,
    "config_sealed" TEXT,
    "token_type" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "refresh_token_issued_at" TIMESTAMPTZ(3),
    "requested_scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "granted_scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "granted_scopes_known" BOOLEAN NOT NULL DEFAULT false,
    "account_subject" TEXT,
    "account_email" TEXT,
    "account_name" TEXT,
    "authorized_by_id" TEXT,
    "authorized_at" TIMESTAMPTZ(3),
    "last_refreshed_at" TIMESTAMPTZ(3),
    "disconnected_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_authorizations" (
    "id" TEXT NOT NULL,
    "state_hash" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "oauth_app_id" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "connection_id" TEXT,
    "code_verifier_sealed" TEXT NOT NULL,
    "nonce" TEXT,
    "redirect_uri" TEXT NOT NULL,
    "requested_scopes" TEXT[],
    "label" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_authorizations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "custom_providers_workspace_id_provider_key_key" ON "custom_providers"("workspace_id", "provider_key");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_apps_workspace_id_provider_key_key" ON "oauth_apps"("workspace_id", "provider_key");

-- CreateIndex
CREATE INDEX "connections_workspace_id_status_idx" ON "connections"("workspace_id", "status");

-- CreateIndex
CREATE INDEX "connections_workspace_id_provider_key_idx" ON "connections"("workspace_id", "provider_key");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_authorizations_state_hash_key" ON "oauth_authorizations"("state_hash");

-- CreateIndex
CREATE INDEX "oauth_authorizations_expires_at_idx" ON "oauth_authorizations"("expires_at");

-- AddForeignKey
ALTER TABLE "custom_providers" ADD CONSTRAINT "custom_providers_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_apps" ADD CONSTRAINT "oauth_apps_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_oauth_app_id_fkey" FOREIGN KEY ("oauth_app_id") REFERENCES "oauth_apps"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_authorizations" ADD CONSTRAINT "oauth_authorizations_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
