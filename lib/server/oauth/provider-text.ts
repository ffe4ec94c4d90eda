import "server-only";

const minimumSecretLength = 4;

/** Provider-supplied text made safe for a message: control characters removed, known secrets redacted, length capped. */
export function safeProviderText(text: string, secrets: readonly string[] = [], maxLength = 200): string {
  let clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  for (const secret of secrets) {
    if (secret.length >= minimumSecretLength) clean = clean.split(secret).join("[redacted]");
  }
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
