import Link from "next/link";
import type { ReactNode } from "react";
import { LogoMark } from "@/components/ui/logo";
import type { WorkspaceContext } from "@/lib/server/workspaces/workspace-context";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { WorkspaceSwitcher } from "./workspace-switcher";

export function AppShell({ context, switchAction, children }: { context: WorkspaceContext; switchAction: (workspaceId: string) => Promise<void>; children: ReactNode }) {
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-zinc-900">
        Skip to content
      </a>
      <aside className="border-b border-zinc-200 bg-white md:sticky md:top-0 md:flex md:h-screen md:w-60 md:shrink-0 md:flex-col md:border-b-0 md:border-r dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex items-center gap-2 px-5 pb-3 pt-5">
          <LogoMark />
          <Link href="/overview" className="text-lg font-semibold tracking-tight">
            Authpulse
          </Link>
        </div>
        <div className="pb-3">
          <WorkspaceSwitcher current={context.workspace.id} memberships={context.memberships} switchAction={switchAction} />
        </div>
        <nav aria-label="Main" className="px-2 pb-2 md:flex-1">
          <NavLinks />
        </nav>
        <div className="hidden border-t border-zinc-200 p-3 md:block dark:border-zinc-800">
          <p className="truncate px-3 text-sm font-medium text-zinc-900 dark:text-zinc-100" data-testid="current-user">
            {context.user.name}
          </p>
          <p className="truncate px-3 pb-2 text-xs text-zinc-500 dark:text-zinc-400">
            {context.user.email} · <span data-testid="current-role">{context.role}</span>
          </p>
          <SignOutButton />
        </div>
      </aside>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8 md:py-8">
        {children}
        <div className="mt-10 border-t border-zinc-200 pt-4 md:hidden dark:border-zinc-800">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {context.user.email} · {context.role}
          </p>
          <SignOutButton />
        </div>
      </main>
    </div>
  );
}
