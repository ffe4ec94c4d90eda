import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { methodLabel } from "@/components/credentials/credential-form-fields";
import { RotateForm } from "@/components/credentials/rotate-form";
import { RotationAge } from "@/components/credentials/rotation-age";
import { rotationGuideFor } from "@/components/credentials/rotation-steps";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { systemClock } from "@/lib/clock";
import { rotateCredentialAction } from "@/lib/server/actions/credential-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { findCredentialDetail } from "@/lib/server/credentials/get-credential";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Rotate credential" };

export default async function RotateCredentialPage({ params }: { params: Promise<{ id: string }> }) {
  const { workspace } = await requirePageContext({ role: "admin" });
  const { id } = await params;
  const credential = await findCredentialDetail({ db: db(), clock: systemClock }, { workspaceId: workspace.id, credentialId: id });
  if (!credential) notFound();
  const active = credential.versions.find((v) => v.state === "active");
  const hasSecret = active?.hasSecret ?? false;
  const guide = rotationGuideFor(credential.provider, credential.current?.secretPrefix ?? null);
  return (
    <>
      <PageHeader
        title={`Rotate ${credential.name}`}
        subtitle={<>{methodLabel(credential.method)} for {credential.provider} ({credential.environment}). Rotation age: <RotationAge ageDays={credential.rotationAgeDays} intervalDays={credential.rotationIntervalDays} overdue={credential.isRotationOverdue} /></>}
        actions={<Link href={`/credentials/${credential.id}`} className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">Back to the credential</Link>}
      />
      <div className="space-y-6">
        {credential.overlapEndsAt && (
          <Notice kind="info" title="A rotation is still in its overlap">
            The previous secret is valid until <RelativeTime value={credential.overlapEndsAt.toISOString()} />. Rotating again retires it at once: at most two secrets are ever valid.
          </Notice>
        )}
        <div className="grid gap-6 lg:grid-cols-[1fr_1.3fr]">
          <Card title={guide.provider ? `1. Rotate it at ${guide.provider}` : "1. Rotate it at the provider"} description="Do these first; Authpulse cannot create the new secret for you.">
            <ol className="list-decimal space-y-2 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
              {guide.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </Card>
          <Card title={credential.method === "track_only" ? "2. Record the rotation" : "2. Paste the new secret"}>
            <RotateForm credentialId={credential.id} method={credential.method} hasSecret={hasSecret} action={rotateCredentialAction} />
          </Card>
        </div>
      </div>
    </>
  );
}
