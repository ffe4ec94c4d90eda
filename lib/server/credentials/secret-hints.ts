import "server-only";

/** What a screen may show of a secret: a vendor prefix and the last four characters. */
export type SecretHints = { prefix: string | null; last4: string | null };

const MAX_PREFIX = 8;
// One or two short all-letter segments ending in `_` or `-`: sk_live_, pat-, ghp_, xoxb-, whsec_.
const VENDOR_PREFIX = /^[a-z]{2,6}[_-](?:[a-z]{2,6}[_-])?/;
// Below these lengths, showing characters would give away too much of the secret.
const MIN_LENGTH_FOR_LAST4 = 16;
const MIN_HIDDEN_AFTER_PREFIX = 12;

/**
 * The visible hints of a secret. The prefix is the admin's expected prefix when the secret
 * starts with it, otherwise a vendor-looking prefix (letters only, so random material is not
 * mistaken for one), at most 8 characters; short secrets get no hints at all.
 */
export function secretHints(secret: string, expectedPrefix?: string | null): SecretHints {
  if (secret.length < MIN_LENGTH_FOR_LAST4) return { prefix: null, last4: null };
  const last4 = secret.slice(-4);
  let prefix: string | null = null;
  if (expectedPrefix && secret.startsWith(expectedPrefix)) {
    prefix = expectedPrefix.slice(0, MAX_PREFIX);
  } else {
    const match = VENDOR_PREFIX.exec(secret)?.[0] ?? null;
    prefix = match && match.length > MAX_PREFIX ? (/^[a-z]{2,6}[_-]/.exec(match)?.[0] ?? null) : match;
  }
  if (prefix && secret.length - prefix.length - 4 < MIN_HIDDEN_AFTER_PREFIX) prefix = null;
  return { prefix, last4 };
}

/** Whether a prefix marks a test key (`sk_test_`) or a live key (`sk_live_`), when it says so. */
export function prefixMode(prefix: string | null): "test" | "live" | null {
  if (!prefix) return null;
  if (/(^|[_-])test[_-]/.test(prefix)) return "test";
  if (/(^|[_-])live[_-]/.test(prefix)) return "live";
  return null;
}
