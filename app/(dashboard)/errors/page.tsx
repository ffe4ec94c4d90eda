import type { Metadata } from "next";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { requirePageContext } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Errors" };

export default async function ErrorsPage() {
  const { role } = await requirePageContext();
  return <SectionPage copy={sections.errors} role={role} />;
}
