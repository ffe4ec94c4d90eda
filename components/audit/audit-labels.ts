// Audit actions and targets in words. Unknown actions fall back to a readable form of the code.

const ACTIONS: Record<string, string> = {
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "api_key.denied": "API request refused",
  "connection.connected": "Connected a provider",
  "connection.disconnected": "Disconnected a provider",
  "connection.renewed": "Renewed a connection",
  "connection.renew_failed": "Connection renewal failed",
  "connection.ownership_changed": "Changed a connection's owner or workflows",
  "credential.created": "Created a credential",
  "credential.viewed": "Viewed a credential",
  "credential.rotated": "Rotated a credential",
  "credential.deleted": "Deleted a credential",
  "credential.overlap_retired": "Retired an old credential version",
  "credential.secret_read": "Read a secret for use",
  "custom_provider.added": "Added a custom provider",
  "custom_provider.deleted": "Deleted a custom provider",
  "member.invited": "Invited a member",
  "member.invite_revoked": "Revoked an invite",
  "member.joined": "Joined the workspace",
  "member.removed": "Removed a member",
  "member.role_changed": "Changed a member's role",
  "setup.completed": "Completed set-up",
  "workspace.created": "Created the workspace",
  "workspace.renamed": "Renamed the workspace",
};

const TARGETS: Record<string, string> = {
  api_key: "API key",
  connection: "Connection",
  credential: "Credential",
  custom_provider: "Custom provider",
  invite: "Invite",
  oauth_app: "OAuth app",
  user: "Member",
  workspace: "Workspace",
};

const readable = (code: string) => code.replace(/[._]/g, " ").replace(/^\w/, (c) => c.toUpperCase());

export const actionLabel = (action: string): string => ACTIONS[action] ?? readable(action);

export const targetTypeLabel = (targetType: string): string => TARGETS[targetType] ?? readable(targetType);

/** The outcome's tone: refusals and failures stand out; "allowed"/"ok" read as fine. */
export function outcomeTone(outcome: string | null): "ok" | "bad" | "neutral" {
  if (!outcome) return "neutral";
  if (/^(allowed|ok|success|succeeded)$/i.test(outcome)) return "ok";
  if (/denied|fail|error|refused|rejected/i.test(outcome)) return "bad";
  return "neutral";
}

/** A user agent cut to its first product token(s), for the table (the full text is in the title and the CSV). */
export function shortUserAgent(userAgent: string | null, max = 40): string | null {
  if (!userAgent) return null;
  return userAgent.length <= max ? userAgent : `${userAgent.slice(0, max - 1)}…`;
}
