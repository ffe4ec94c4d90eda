-- CreateTable
CREATE TABLE "leak_scans" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "scanned_by_id" TEXT,
    "file_name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "strings_scanned" INTEGER NOT NULL,
    "hit_count" INTEGER NOT NULL,
    "stored_hits" INTEGER NOT NULL,
    "hits" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leak_scans_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "leak_scans_workspace_id_created_at_idx" ON "leak_scans"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "leak_scans" ADD CONSTRAINT "leak_scans_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
