import type { Metadata } from "next";
import { StatusView } from "@/components/status/status-view";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import type { Jsonified } from "@/lib/jsonify";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { getSystemStatus, type SystemStatus } from "@/lib/server/status/get-system-status";

export const metadata: Metadata = { title: "Status" };

export default async function StatusPage() {
  const { workspace } = await requirePageContext();
  const status = await getSystemStatus({ db: db(), clock: systemClock }, { staleSeconds: env().WORKER_STALE_SECONDS, workspaceId: workspace.id });
  return (
    <>
      <PageHeader title="Is Authpulse itself healthy?" subtitle="The database, the background workers, token refresh and the job queue. This page refreshes every 5 seconds." />
      <StatusView initial={JSON.parse(JSON.stringify(status)) as Jsonified<SystemStatus>} />
    </>
  );
}
