import "server-only";
import { cookies } from "next/headers";
import { WORKSPACE_COOKIE } from "./workspace-context";

/** Remembers which workspace the user is looking at (validated against memberships on every read). */
export async function setCurrentWorkspace(workspaceId: string): Promise<void> {
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
    path: "/",
  });
}
