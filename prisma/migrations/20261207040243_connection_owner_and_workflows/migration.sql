-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "owner_id" TEXT,
ADD COLUMN     "workflows" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "connections_owner_id_idx" ON "connections"("owner_id");

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: whoever clicked Connect owns the connection until an admin says otherwise.
UPDATE "connections" SET "owner_id" = "authorized_by_id"
WHERE "owner_id" IS NULL AND "authorized_by_id" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "users" u WHERE u."id" = "connections"."authorized_by_id");
