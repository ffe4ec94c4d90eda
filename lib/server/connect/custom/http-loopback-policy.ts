import "server-only";
import { isLoopbackHost } from "@/lib/server/demo-provider/loopback-host";
import { env, type Env } from "@/lib/server/env";

/** What the loopback rule looks at: how the app runs and where it is served. */
export type AppRuntime = { nodeEnv: Env["NODE_ENV"]; appUrl: string };

/** The running app's runtime, from the validated env. */
export function appRuntime(): AppRuntime {
  const e = env();
  return { nodeEnv: e.NODE_ENV, appUrl: e.NEXTAUTH_URL };
}

function servedOnLoopback(appUrl: string): boolean {
  try {
    return isLoopbackHost(new URL(appUrl).hostname);
  } catch {
    return false;
  }
}

/**
 * May a custom provider's endpoints use plain http? SECURITY.md allows http only for loopback in
 * development and tests, so the rule is:
 *
 *   allowed = NODE_ENV !== "production"  OR  (the app's own NEXTAUTH_URL host is loopback)
 *
 * and, whenever allowed, the providers module still accepts http only when the endpoint's host is
 * loopback (127.0.0.0/8, ::1, localhost); every other host must use https. The second clause covers
 * `npm start`, which runs a production build on http://localhost next to the local demo provider;
 * a deployment on a public host never accepts http, because traffic to it may leave the machine.
 */
export function allowsHttpLoopback(runtime: AppRuntime): boolean {
  return runtime.nodeEnv !== "production" || servedOnLoopback(runtime.appUrl);
}
