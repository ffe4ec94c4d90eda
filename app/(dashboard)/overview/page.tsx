import type { Metadata } from "next";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { requirePageContext } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { role } = await requirePageContext();
  return <SectionPage copy={sections.overview} role={role} />;
}
