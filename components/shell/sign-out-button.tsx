"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Icon } from "@/components/ui/icons";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signOut({ callbackUrl: "/login?signedOut=1" });
      }}
      className="flex w-full items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <Icon name="logout" className="h-5 w-5" />
      {busy ? "Logging out…" : "Log out"}
    </button>
  );
}
