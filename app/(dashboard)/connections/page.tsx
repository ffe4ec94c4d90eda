import type { Metadata } from "next";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { requirePageContext } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  const { role } = await requirePageContext();
  return <SectionPage copy={sections.connections} role={role} />;
}
