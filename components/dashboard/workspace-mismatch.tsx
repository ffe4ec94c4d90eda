import { Notice } from "@/components/ui/notice";
import type { MembershipSummary } from "@/lib/server/workspaces/workspace-context";

/**
 * A shared link names the workspace it was made in (`ws`). When that is not the workspace the
 * reader has open, say so instead of silently showing other data under the same filters.
 */
export function WorkspaceMismatch({ linkSlug, current, memberships }: { linkSlug: string | undefined; current: { slug: string; name: string }; memberships: MembershipSummary[] }) {
  if (!linkSlug || linkSlug === current.slug) return null;
  const target = memberships.find((m) => m.slug === linkSlug);
  return (
    <Notice kind="info" title="This link was made in another workspace">
      {target ? `It shows ${target.name}'s data. You are looking at ${current.name}: switch workspace in the sidebar to see what the sender saw.` : `You are not a member of the workspace it was made in. You are looking at ${current.name}.`}
    </Notice>
  );
}
