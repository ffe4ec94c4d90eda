import type { Metadata } from "next";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { requirePageContext } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Checklist" };

export default async function ChecklistPage() {
  const { role } = await requirePageContext();
  return <SectionPage copy={sections.checklist} role={role} />;
}
