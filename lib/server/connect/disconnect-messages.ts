/** What the admin reads after Disconnect, per revocation outcome. */
export const disconnectMessages = {
  revoked: "Disconnected. The provider confirmed the tokens are revoked, and they are deleted here.",
  not_supported: "Disconnected and tokens deleted here. This provider has no standard revocation endpoint: also remove the app's access in the provider's settings.",
  failed: "Tokens deleted here, but revocation at the provider failed. Remove the app's access in the provider's settings.",
  nothing_to_revoke: "Disconnected. There were no tokens left to revoke.",
  credentials_deleted: "Disconnected. The stored token and the credentials used to obtain it (client secret, key or login) are deleted; revoke them at the provider if they are no longer needed elsewhere.",
} as const;

export type DisconnectOutcome = keyof typeof disconnectMessages;

export function isDisconnectOutcome(value: unknown): value is DisconnectOutcome {
  return typeof value === "string" && value in disconnectMessages;
}
