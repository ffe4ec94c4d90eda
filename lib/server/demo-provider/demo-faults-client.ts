import "server-only";
import { z } from "zod";
import { env } from "../env";
import { ServiceError } from "../errors";
import { demoClientIds } from "./demo-clients";
import { DEMO_FAULTS_PATH, demoFaultModes, type DemoFaultMode } from "./demo-faults";

const answerSchema = z.object({ mode: z.enum(demoFaultModes) });

function demoTarget(): { url: string; authorization: string } {
  const e = env();
  if (!e.DEMO_PROVIDER_URL || !e.DEMO_PROVIDER_CLIENT_SECRET) throw new ServiceError("NOT_FOUND", "The demo provider is not running in this installation.");
  return {
    url: `${e.DEMO_PROVIDER_URL.replace(/\/$/, "")}${DEMO_FAULTS_PATH}`,
    authorization: `Basic ${Buffer.from(`${demoClientIds.basic}:${e.DEMO_PROVIDER_CLIENT_SECRET}`).toString("base64")}`,
  };
}

async function call(init: RequestInit): Promise<DemoFaultMode> {
  const target = demoTarget();
  let response: Response;
  try {
    response = await fetch(target.url, { ...init, headers: { ...init.headers, authorization: target.authorization }, signal: AbortSignal.timeout(5000) });
  } catch {
    throw new ServiceError("UNAVAILABLE", "The demo provider did not answer.");
  }
  const parsed = answerSchema.safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success) throw new ServiceError("UNAVAILABLE", `The demo provider refused the change (HTTP ${response.status}).`);
  return parsed.data.mode;
}

/** What the demo provider's token endpoint does now: "none" (works) or a simulated failure. */
export function getDemoFault(): Promise<DemoFaultMode> {
  return call({ method: "GET" });
}

/** Makes the demo provider's token endpoint fail (or work again), for trying outages on real code paths. */
export function setDemoFault(mode: DemoFaultMode): Promise<DemoFaultMode> {
  return call({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode }) });
}
