-- CreateEnum
CREATE TYPE "CredentialMethod" AS ENUM ('api_key', 'basic', 'bearer', 'hmac', 'mtls', 'track_only');

-- CreateEnum
CREATE TYPE "CredentialEnvironment" AS ENUM ('prod', 'staging', 'dev');

-- CreateEnum
CREATE TYPE "CredentialVersionState" AS ENUM ('active', 'overlap', 'retired');

-- CreateTable
CREATE TABLE "credentials" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "method" "CredentialMethod" NOT NULL,
    "provider" TEXT NOT NULL,
    "environment" "CredentialEnvironment" NOT NULL DEFAULT 'prod',
    "owner_id" TEXT,
    "workflows" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "people_with_access" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sensitive" BOOLEAN NOT NULL DEFAULT false,
    "rotation_interval_days" INTEGER NOT NULL DEFAULT 90,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "rotated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credential_versions" (
    "id" TEXT NOT NULL,
    "credential_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "state" "CredentialVersionState" NOT NULL DEFAULT 'active',
    "secret_sealed" TEXT,
    "secret_prefix" TEXT,
    "secret_last4" TEXT,
    "fingerprint" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "overlap_ends_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "credential_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fingerprint_keys" (
    "id" TEXT NOT NULL,
    "seed_sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fingerprint_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credentials_workspace_id_rotated_at_idx" ON "credentials"("workspace_id", "rotated_at");

-- CreateIndex
CREATE INDEX "credentials_workspace_id_expires_at_idx" ON "credentials"("workspace_id", "expires_at");

-- CreateIndex
CREATE INDEX "credentials_owner_id_idx" ON "credentials"("owner_id");

-- CreateIndex
CREATE INDEX "credential_versions_workspace_id_fingerprint_idx" ON "credential_versions"("workspace_id", "fingerprint");

-- CreateIndex
CREATE INDEX "credential_versions_state_overlap_ends_at_idx" ON "credential_versions"("state", "overlap_ends_at");

-- CreateIndex
CREATE UNIQUE INDEX "credential_versions_credential_id_version_key" ON "credential_versions"("credential_id", "version");

-- AddForeignKey
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credential_versions" ADD CONSTRAINT "credential_versions_credential_id_fkey" FOREIGN KEY ("credential_id") REFERENCES "credentials"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credential_versions" ADD CONSTRAINT "credential_versions_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
