import type { Metadata } from "next";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { requirePageContext } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Credentials" };

export default async function CredentialsPage() {
  const { role } = await requirePageContext();
  return <SectionPage copy={sections.credentials} role={role} />;
}
