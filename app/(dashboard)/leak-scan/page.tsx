import type { Metadata } from "next";
import { LeakHitsTable, type LeakHitRow } from "@/components/leak-scan/leak-hits-table";
import { LeakScanForm } from "@/components/leak-scan/leak-scan-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { systemClock } from "@/lib/clock";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { listLeakScans } from "@/lib/server/leak-scan/list-leak-scans";

export const metadata: Metadata = { title: "Leak scanner" };

export default async function LeakScanPage() {
  const { workspace, role } = await requirePageContext();
  const scans = await listLeakScans({ db: db(), clock: systemClock }, { workspaceId: workspace.id, limit: 20 });
  return (
    <>
      <PageHeader title="Are our secrets sitting in workflow exports?" subtitle="Scan what your tools export: Authpulse recognises every secret stored in its vault by fingerprint, plus well-known key formats, and tells you exactly where each one sits in the file." />
      <div className="space-y-6">
        {role === "admin" ? (
          <Card title="Scan a file">
            <LeakScanForm />
          </Card>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Admins can scan files. Past scans are listed below.</p>
        )}
        <Card title="Past scans" description="Hits feed the monthly checklist's first item. The files themselves were never stored.">
          {scans.length === 0 ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">No file has been scanned yet.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {scans.map((scan) => (
                <li key={scan.id} className="py-3" data-testid="leak-scan-history">
                  <details>
                    <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 text-sm">
                      <span className="font-medium">{scan.fileName}</span>
                      <span className={scan.hitCount > 0 ? "text-red-700 dark:text-red-300" : "text-emerald-700 dark:text-emerald-300"}>{scan.hitCount === 0 ? "no secrets" : `${scan.hitCount} found (${scan.storedHits} from the vault)`}</span>
                      <span className="text-zinc-500">by {scan.scannedBy ?? "a former member"}, <RelativeTime value={scan.createdAt.toISOString()} /> · {scan.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</span>
                    </summary>
                    {scan.hits.length > 0 && <div className="mt-3"><LeakHitsTable hits={scan.hits as LeakHitRow[]} /></div>}
                  </details>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
