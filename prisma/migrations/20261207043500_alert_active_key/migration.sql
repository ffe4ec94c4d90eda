-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "active_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "alerts_active_key_key" ON "alerts"("active_key");
