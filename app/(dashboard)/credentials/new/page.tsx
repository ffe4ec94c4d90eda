import type { Metadata } from "next";
import Link from "next/link";
import { CreateCredentialForm } from "@/components/credentials/create-credential-form";
import { isFormMethod } from "@/components/credentials/credential-form-fields";
import { MethodPicker } from "@/components/credentials/method-picker";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { createCredentialAction } from "@/lib/server/actions/credential-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { listMembers } from "@/lib/server/members/members";

export const metadata: Metadata = { title: "Add a credential" };

export default async function NewCredentialPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace } = await requirePageContext({ role: "admin" });
  const { method: requested } = await searchParams;
  const method = isFormMethod(requested) ? requested : "api_key";
  const members = (await listMembers({ db: db(), clock: systemClock }, { workspaceId: workspace.id })).map((m) => ({ userId: m.userId, name: m.name, email: m.email }));
  return (
    <>
      <PageHeader
        title="What kind of secret are you registering?"
        subtitle="Pick how the integration authenticates. The secret is checked, stored encrypted and never shown again: screens show only its prefix and last four characters."
        actions={<Link href="/credentials" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">All credentials</Link>}
      />
      <MethodPicker selected={method} />
      <Card>
        <CreateCredentialForm key={method} method={method} members={members} action={createCredentialAction} />
      </Card>
    </>
  );
}
