// The monthly security checklist (issue 8, seed 000): what each item checks and what passing means.

export const checklistItemKeys = ["keys_in_store", "least_privilege", "departed_members", "dormant", "rotation_overdue", "shared_keys", "certificates_expiring", "no_owner"] as const;

export type ChecklistItemKey = (typeof checklistItemKeys)[number];

export type ChecklistFailure = {
  subjectType: "credential" | "connection" | "leak_scan";
  subjectId: string;
  name: string;
  /** Why it fails, in one sentence a reviewer can act on. */
  reason: string;
  fixPath: string;
  fixLabel: string;
};

export const checklistItemCopy: Record<ChecklistItemKey, { title: string; question: string; passes: string }> = {
  keys_in_store: { title: "Keys live in a credential manager", question: "Is any secret kept in a workflow config, hard-coded, or found in an exported file?", passes: "Every secret is in Authpulse or a secrets manager, and no scan this month found one in a file." },
  least_privilege: { title: "OAuth scopes are the minimum needed", question: "Does any connection hold scopes beyond what its workflows need?", passes: "No connection is over-privileged." },
  departed_members: { title: "People who left no longer hold access", question: "Did anyone leave after the last rotation of something they owned, could read or authorized?", passes: "Everything a departed person touched was rotated, reconnected or handed over." },
  dormant: { title: "No dormant integrations", question: "Which connections and credentials have not been used successfully for a month?", passes: "Everything connected is in use." },
  rotation_overdue: { title: "Rotation is on schedule", question: "Which keys are older than their policy (90 days, 30 for sensitive ones)?", passes: "No key is overdue for rotation." },
  shared_keys: { title: "One labelled key per workflow", question: "Is any key shared by several workflows?", passes: "Each key serves one workflow, so revoking it breaks one thing." },
  certificates_expiring: { title: "Certificates are not about to expire", question: "Which client certificates expire within 30 days?", passes: "No certificate expires in the next 30 days." },
  no_owner: { title: "Everything has an owner", question: "Which connections and credentials have nobody accountable?", passes: "Every connection and credential has an owner." },
};

/** The month a date falls in (UTC), as YYYY-MM. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}
