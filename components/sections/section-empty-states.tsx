import type { IconName } from "@/components/ui/icons";

export type SectionCopy = {
  title: string;
  question: string;
  subtitle: string;
  icon: IconName;
  emptyTitle: string;
  emptyBody: string;
  steps: string[];
  viewerNote: string;
};

/** What each screen will answer, and what to do while it is empty. */
export const sections: Record<"overview" | "connections" | "credentials" | "scopes" | "errors" | "checklist", SectionCopy> = {
  overview: {
    title: "Overview",
    question: "What breaks this week?",
    subtitle: "Tokens about to expire, keys overdue for rotation, connections that need re-consent and recent auth errors, with the fix for each.",
    icon: "overview",
    emptyTitle: "Nothing to watch yet",
    emptyBody: "This workspace has no connections or credentials, so nothing can break. As soon as one is added, its next deadline and health show up here.",
    steps: ["Connect a provider (HubSpot, Salesforce, Google…) from Connections.", "Register API keys, webhook secrets and certificates in Credentials.", "Come back here each morning: the answer leads the page."],
    viewerNote: "Ask an admin of this workspace to connect the first provider.",
  },
  connections: {
    title: "Connections",
    question: "Which OAuth connections are alive?",
    subtitle: "Every provider connected through its consent screen or a service account, with token lifetimes, refresh history and who authorized it.",
    icon: "connections",
    emptyTitle: "No connections yet",
    emptyBody: "A connection is created when an admin clicks Connect and approves the provider's consent screen. Authpulse then refreshes its tokens before they expire.",
    steps: ["Register your OAuth app for the provider (client id and secret).", "Click Connect and approve the consent screen.", "Authpulse stores the tokens encrypted and keeps them fresh."],
    viewerNote: "Only admins can connect providers.",
  },
  credentials: {
    title: "Credentials",
    question: "Which keys and secrets do we hold, and how old are they?",
    subtitle: "API keys, Basic and bearer credentials, webhook signing secrets and mTLS certificates, with owner, workflow and rotation age. Secrets are never shown again after entry.",
    icon: "credentials",
    emptyTitle: "No credentials registered",
    emptyBody: "Register each key your pipelines use (one labelled key per workflow) so Authpulse can track its rotation age and where it lives.",
    steps: ["Add a credential and say which workflow uses it.", "Mark sensitive keys: they rotate every 30 days instead of 90.", "Rotate with an overlap window so nothing breaks mid-rotation."],
    viewerNote: "Only admins can register or rotate credentials.",
  },
  scopes: {
    title: "Scopes",
    question: "Does every connection have exactly the access it needs?",
    subtitle: "Requested, granted and minimum scopes per connection; over-privileged and missing scopes are flagged with a reconnect action.",
    icon: "scopes",
    emptyTitle: "No scopes to audit",
    emptyBody: "Scope audits appear once a provider is connected: Authpulse compares what was granted with what the integration needs.",
    steps: ["Connect a provider.", "Review any scope flagged as more than needed.", "Reconnect with the minimum scopes."],
    viewerNote: "Admins fix scopes by reconnecting; you can review them here.",
  },
  errors: {
    title: "Errors",
    question: "Which integrations failed to authenticate recently?",
    subtitle: "Auth errors of the last 24 hours by class (expired, revoked, rate-limited, permission, provider outage), with status codes and OAuth error codes.",
    icon: "errors",
    emptyTitle: "No auth errors recorded",
    emptyBody: "When a refresh or an API call fails, the event lands here, classified, with what to do about it. An empty page is good news only if something is connected.",
    steps: ["Connect providers so their refreshes are monitored.", "Configure an alert channel in Settings to hear about failures first."],
    viewerNote: "Errors show here as they happen.",
  },
  checklist: {
    title: "Checklist",
    question: "Did we pass this month's security review?",
    subtitle: "The monthly checklist evaluated on live data: keys in the right store, least-privilege scopes, rotation after departures, dormant integrations.",
    icon: "checklist",
    emptyTitle: "No checklist run yet",
    emptyBody: "The checklist runs against your connections and credentials. With none registered, every item would pass vacuously, so there is nothing to review yet.",
    steps: ["Register the credentials and connections your team relies on.", "Run the checklist and sign off each item, or accept a risk with a reason."],
    viewerNote: "Reviewers sign off items once the first run exists.",
  },
};
