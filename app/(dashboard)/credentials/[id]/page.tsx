import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditHistory } from "@/components/credentials/audit-history";
import { CertificateDetails } from "@/components/credentials/certificate-details";
import { CredentialSummary } from "@/components/credentials/credential-summary";
import { DeleteCredentialForm } from "@/components/credentials/delete-credential-form";
import { VersionsTable } from "@/components/credentials/versions-table";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { systemClock } from "@/lib/clock";
import { deleteCredentialAction } from "@/lib/server/actions/credential-actions";
import { listAuditForTarget } from "@/lib/server/audit/list-audit-for-target";
import { requirePageContext } from "@/lib/server/auth/guards";
import { getCredential } from "@/lib/server/credentials/get-credential";
import { db } from "@/lib/server/db";
import { isServiceError } from "@/lib/server/errors";
import { listMembers } from "@/lib/server/members/members";
import { certificateFacts, certificateWarning, toSummary, toVersionRows } from "../credential-display";

export const metadata: Metadata = { title: "Credential" };

export default async function CredentialPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace, role, user } = await requirePageContext();
  const { id } = await params;
  const query = await searchParams;
  const ctx = { db: db(), clock: systemClock };
  const credential = await getCredential(ctx, { actorId: user.id, workspaceId: workspace.id, credentialId: id }).catch((error: unknown) => {
    if (isServiceError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!credential) notFound();
  const now = ctx.clock.now();
  const names = new Map((await listMembers(ctx, { workspaceId: workspace.id })).map((m) => [m.userId, m.name]));
  const history = await listAuditForTarget(ctx, { workspaceId: workspace.id, targetType: "credential", targetId: credential.id });
  const historyRows = history.map((h) => ({ id: h.id, action: h.action, actorName: h.actorName, createdAt: h.createdAt.toISOString(), details: h.details }));
  const ownerName = credential.ownerId ? (names.get(credential.ownerId) ?? "former member") : null;
  const cert = certificateFacts(credential);
  const warning = query.created === "1" || query.rotated === "1" ? certificateWarning(credential, now) : null;
  return (
    <>
      <PageHeader
        title={credential.name}
        subtitle={`${credential.provider} · ${credential.environment} · rotated ${credential.rotationAgeDays} days ago, policy ${credential.rotationIntervalDays} days`}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <Link href="/credentials" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">All credentials</Link>
            {role === "admin" && <Link href={`/credentials/${credential.id}/rotate`} className={buttonClass(credential.isRotationOverdue ? "primary" : "secondary")}>Rotate</Link>}
          </div>
        }
      />
      <div className="space-y-6">
        {query.created === "1" && <Notice kind="success" title="Credential stored">The secret is encrypted and will not be shown again; only its prefix and last four characters are.</Notice>}
        {query.rotated === "1" && <Notice kind="success" title="Rotated">{credential.overlapEndsAt ? <>The new secret is active now. The old one stays valid until <RelativeTime value={credential.overlapEndsAt.toISOString()} />, then is retired automatically.</> : "The new secret is active now."}</Notice>}
        {warning && <Notice kind="error" title="Stored with a warning">{warning}</Notice>}
        {credential.isRotationOverdue && <Notice kind="error" title="Overdue for rotation">{`Last rotated ${credential.rotationAgeDays} days ago; the policy is every ${credential.rotationIntervalDays} days.${role === "admin" ? " Rotate it now." : " Ask an admin to rotate it."}`}</Notice>}
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Details" description="The secret itself is never shown.">
            <CredentialSummary data={toSummary(credential, ownerName)} />
          </Card>
          {cert ? (
            <Card title="Certificate" description="Public facts of the client certificate; the private key is stored encrypted.">
              <CertificateDetails cert={cert} now={now.toISOString()} />
            </Card>
          ) : (
            <Card title="History" description="Who changed this credential, newest first.">
              <AuditHistory entries={historyRows} />
            </Card>
          )}
        </div>
        <Card title="Versions" description="At most two secrets are valid at once: the active one and, during a rotation, the previous one until its overlap ends.">
          <VersionsTable versions={toVersionRows(credential, names)} />
        </Card>
        {cert && (
          <Card title="History" description="Who changed this credential, newest first.">
            <AuditHistory entries={historyRows} />
          </Card>
        )}
        {role === "admin" && (
          <Card title="Delete">
            <DeleteCredentialForm credentialId={credential.id} name={credential.name} action={deleteCredentialAction} />
          </Card>
        )}
      </div>
    </>
  );
}
