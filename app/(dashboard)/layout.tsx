import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { AppShell } from "@/components/shell/app-shell";
import { switchWorkspaceAction } from "@/lib/server/actions/switch-workspace";
import { requirePageContext } from "@/lib/server/auth/guards";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const context = await requirePageContext();
  return (
    <Providers>
      <AppShell context={context} switchAction={switchWorkspaceAction}>
        {children}
      </AppShell>
    </Providers>
  );
}
