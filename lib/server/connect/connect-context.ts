import "server-only";
import { systemClock } from "@/lib/clock";
import { db } from "../db";
import { env } from "../env";
import { runtimeKeyring } from "../vault/runtime-keyring";

/** Service context with the keyring, for code that seals or opens secrets. */
export function vaultContext() {
  return { db: db(), clock: systemClock, keyring: runtimeKeyring() };
}

/** The exact redirect URI to register at every provider. */
export function oauthRedirectUri(): string {
  return `${env().NEXTAUTH_URL.replace(/\/$/, "")}/api/oauth/callback`;
}
