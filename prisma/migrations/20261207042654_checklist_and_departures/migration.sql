-- CreateTable
CREATE TABLE "departures" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "departed_at" TIMESTAMPTZ(3) NOT NULL,
    "marked_by_id" TEXT,
    "via" TEXT NOT NULL,

    CONSTRAINT "departures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_runs" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "completed_at" TIMESTAMPTZ(3),
    "completed_by_id" TEXT,

    CONSTRAINT "checklist_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_items" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "failure_count" INTEGER NOT NULL,
    "failures" JSONB NOT NULL DEFAULT '[]',
    "decision" TEXT,
    "reason" TEXT,
    "risk_expires_at" TIMESTAMPTZ(3),
    "reviewed_by_id" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "checklist_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "departures_user_id_idx" ON "departures"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "departures_workspace_id_user_id_key" ON "departures"("workspace_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "checklist_runs_workspace_id_month_key" ON "checklist_runs"("workspace_id", "month");

-- CreateIndex
CREATE UNIQUE INDEX "checklist_items_run_id_key_key" ON "checklist_items"("run_id", "key");

-- AddForeignKey
ALTER TABLE "departures" ADD CONSTRAINT "departures_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_runs" ADD CONSTRAINT "checklist_runs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "checklist_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
