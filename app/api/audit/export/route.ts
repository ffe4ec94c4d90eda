import { auditFiltersOf, parseAuditQuery } from "@/components/audit/audit-query";
import { systemClock } from "@/lib/clock";
import { AUDIT_CSV_COLUMNS, auditCsvRow, cappedNoteRow, csvRow } from "@/lib/server/audit/audit-csv";
import { iterateAuditForExport } from "@/lib/server/audit/list-audit";
import { requireApiContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { route } from "@/lib/server/http";
import { logger } from "@/lib/server/logger";

export const dynamic = "force-dynamic";

const MAX_ROWS = 50_000;

/** The workspace's audit log as CSV (any member), with the Audit screen's filters; streamed, capped at 50 000 rows. */
export const GET = route(async (request) => {
  const { workspace } = await requireApiContext();
  const ctx = { db: db(), clock: systemClock };
  const filters = auditFiltersOf(parseAuditQuery(new URL(request.url).searchParams));
  const batches = iterateAuditForExport(ctx, { workspaceId: workspace.id, filters, max: MAX_ROWS });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow([...AUDIT_CSV_COLUMNS])));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) {
          if (next.value.capped) controller.enqueue(encoder.encode(cappedNoteRow(MAX_ROWS)));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map(auditCsvRow).join("")));
      } catch (error) {
        // Headers are already sent: end the download with an error instead of a partial file that looks complete.
        logger().error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, "audit export failed");
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return({ capped: false });
    },
  });
  const filename = `authpulse-audit-${workspace.slug}-${systemClock.now().toISOString().slice(0, 10)}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
