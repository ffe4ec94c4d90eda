// The provider's own rotation steps where we know them, else generic ones. Static and short: the
// wizard shows them next to the new-secret field so the admin rotates in the right order.

export type RotationGuide = { provider: string; steps: string[] };

const guides: { match: RegExp; prefix?: RegExp; guide: RotationGuide }[] = [
  {
    match: /stripe/i,
    prefix: /^(sk|rk|whsec)_/,
    guide: {
      provider: "Stripe",
      steps: [
        "In the Stripe Dashboard open Developers → API keys (or Webhooks for a signing secret).",
        "Choose Roll key on the key; pick an expiry for the old key that matches the overlap below.",
        "Copy the new key once (Stripe shows it only now) and paste it here.",
        "Update every workflow that uses it before the overlap ends.",
      ],
    },
  },
  {
    match: /hubspot/i,
    prefix: /^pat-/,
    guide: {
      provider: "HubSpot",
      steps: [
        "In HubSpot open Settings → Integrations → Private apps (or Development → Legacy apps) and select the app.",
        "Open the Auth tab, choose Rotate token, and keep the old token for the overlap (HubSpot lets it live up to 7 days).",
        "Copy the new access token and paste it here.",
        "Update the workflows, then expire the old token in HubSpot.",
      ],
    },
  },
  {
    match: /github/i,
    prefix: /^(ghp|gho|ghs|github_pat)_/,
    guide: {
      provider: "GitHub",
      steps: [
        "For a token: Settings → Developer settings → Personal access tokens → Regenerate. For a webhook: the repository's Settings → Webhooks → Edit → Secret.",
        "Copy the new token or secret and paste it here.",
        "Update the workflows; GitHub invalidates a regenerated token at once, so do this first for tokens.",
      ],
    },
  },
  {
    match: /slack/i,
    prefix: /^xox[abp]-/,
    guide: {
      provider: "Slack",
      steps: [
        "Open api.slack.com/apps → your app → Basic Information (signing secret: Regenerate) or OAuth & Permissions (tokens: enable rotation or reinstall).",
        "Copy the new value and paste it here.",
        "Update every workflow that verifies or calls with it before the overlap ends.",
      ],
    },
  },
  {
    match: /openai|anthropic|mistral|cohere/i,
    prefix: /^sk-/,
    guide: {
      provider: "OpenAI-style API",
      steps: [
        "In the provider's console open API keys and create a new secret key with the same project and permissions.",
        "Copy it (shown only once) and paste it here.",
        "Update the workflows, then revoke the old key in the console when the overlap ends.",
      ],
    },
  },
];

const generic: RotationGuide = {
  provider: "",
  steps: [
    "Create a new secret at the provider, keeping the old one valid for now.",
    "Paste the new secret here; Authpulse makes it active and keeps the old one valid for the overlap window.",
    "Update every workflow that uses the credential.",
    "Revoke the old secret at the provider once the overlap ends.",
  ],
};

/** The rotation steps for a credential's provider (by name, or by the key's visible prefix). */
export function rotationGuideFor(provider: string, prefix: string | null): RotationGuide {
  const found = guides.find((g) => g.match.test(provider) || (prefix !== null && g.prefix?.test(prefix)));
  return found ? found.guide : { ...generic, provider };
}
