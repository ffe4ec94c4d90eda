import type { Metadata } from "next";
import Link from "next/link";
import { MarkDepartedForm, TransferForm } from "@/components/offboarding/offboarding-forms";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { StatusPill } from "@/components/ui/status-pill";
import { systemClock } from "@/lib/clock";
import { markDepartedAction, transferOwnershipAction } from "@/lib/server/actions/offboarding-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { listMembers } from "@/lib/server/members/members";
import { getBlastRadius } from "@/lib/server/offboarding/blast-radius";

export const metadata: Metadata = { title: "Offboarding" };

const viaText: Record<string, string> = { marked: "marked as departed", removed: "removed from the workspace", deactivated: "account deactivated" };

export default async function OffboardingPage() {
  const { workspace, role, user } = await requirePageContext();
  const ctx = { db: db(), clock: systemClock };
  const [people, members] = await Promise.all([getBlastRadius(ctx, { workspaceId: workspace.id }), listMembers(ctx, { workspaceId: workspace.id })]);
  const isAdmin = role === "admin";
  const openTasks = people.reduce((n, p) => n + p.tasks.length, 0);
  const withTasks = people.filter((p) => p.tasks.length > 0);
  const owners = members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }));
  const markable = members.filter((m) => m.userId !== user.id).map((m) => ({ value: m.membershipId, label: `${m.name} (${m.email})` }));
  const answer = people.length === 0 ? "Nobody has left this workspace." : openTasks === 0 ? "Everyone who left is fully offboarded: nothing they touched still depends on them." : `${openTasks} open ${openTasks === 1 ? "task" : "tasks"} from ${withTasks.length} ${withTasks.length === 1 ? "person" : "people"} who left.`;
  return (
    <>
      <PageHeader title="Does anyone who left still hold access?" subtitle="When someone leaves, every credential they owned or could read must be rotated, what they owned handed over, and every OAuth connection they authorized reconnected under a service account (a personal grant dies with the account)." />
      <div className="space-y-6">
        <p data-testid="offboarding-answer" className={`text-lg font-medium ${openTasks > 0 ? "text-red-700 dark:text-red-300" : ""}`}>{answer}</p>
        {isAdmin && (
          <Card title="Someone left" description="Ends their access to this workspace now and lists their blast radius below. Removing a member under Settings → Members does the same.">
            {markable.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">You are the only member left. Invite people under Settings → Members.</p> : <MarkDepartedForm members={markable} action={markDepartedAction} />}
          </Card>
        )}
        {people.length === 0 && !isAdmin && <EmptyState icon={<Icon name="users" />} title="Nobody has left">When an admin marks someone as departed, what they touched is listed here until it is all handled.</EmptyState>}
        {people.map((person) => (
          <Card key={person.userId} title={<span className="inline-flex flex-wrap items-center gap-2">{person.name} <span className="font-normal text-zinc-500">{person.email}</span> <StatusPill tone={person.tasks.length === 0 ? "ok" : "bad"}>{person.tasks.length === 0 ? "Done" : `${person.tasks.length} open`}</StatusPill></span>} description={`Left ${person.departedAt.toISOString().slice(0, 10)} (${viaText[person.via] ?? person.via}).`}>
            {person.tasks.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Everything they touched was rotated, reconnected or handed over.</p>
            ) : (
              <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="blast-radius">
                {person.tasks.map((task) => (
                  <li key={`${task.subjectId}-${task.action}`} data-testid="offboarding-task" data-action={task.action} className="flex flex-wrap items-center justify-between gap-3 py-2">
                    <span>
                      <span className="font-medium">{task.name}</span> <span className="text-zinc-500">({task.subjectType}, {task.provider})</span> <span className="text-zinc-600 dark:text-zinc-400">— {task.relation}</span>
                    </span>
                    {task.action === "transfer" && isAdmin ? (
                      <TransferForm subjectType={task.subjectType} subjectId={task.subjectId} members={owners} action={transferOwnershipAction} />
                    ) : (
                      <Link href={task.fixPath} className="text-indigo-600 hover:underline dark:text-indigo-400">{task.fixLabel}</Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}
