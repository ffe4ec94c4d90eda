import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import type { Role } from "@/lib/server/workspaces/workspace-context";
import type { ReactNode } from "react";
import type { SectionCopy } from "./section-empty-states";

/** A dashboard section that has no data yet: the question it answers and how to get started. */
export function SectionPage({ copy, role, action }: { copy: SectionCopy; role: Role; action?: ReactNode }) {
  return (
    <>
      <PageHeader title={copy.question} subtitle={copy.subtitle} />
      <EmptyState icon={<Icon name={copy.icon} className="h-6 w-6" />} title={copy.emptyTitle} steps={role === "admin" ? copy.steps : undefined} action={action}>
        <p>{copy.emptyBody}</p>
        {role === "viewer" && <p className="mt-3 font-medium text-zinc-700 dark:text-zinc-300">{copy.viewerNote}</p>}
      </EmptyState>
    </>
  );
}
