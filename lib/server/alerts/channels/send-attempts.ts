import "server-only";

/** One try at sending: what alert_deliveries records. `error` is a fixed sentence (never a URL, a secret or remote text). */
export type SendAttempt = { ok: boolean; httpStatus: number | null; error: string | null; retryable: boolean };

export type SendOptions = {
  /** Whole-request timeout of one try. */
  timeoutMs: number;
  /** Tries in all (the first plus retries on 5xx, 429, timeouts and network errors). */
  attempts: number;
  /** Backoff before retry n is backoffMs · 2^(n-1). */
  backoffMs: number;
  sleep?: (ms: number) => Promise<void>;
};

export const DEFAULT_SEND_OPTIONS: SendOptions = { timeoutMs: 10_000, attempts: 3, backoffMs: 1000 };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, fails for good, or the tries run out; returns every try. */
export async function withRetries(options: SendOptions, attempt: () => Promise<SendAttempt>): Promise<SendAttempt[]> {
  const tries: SendAttempt[] = [];
  for (let n = 1; n <= options.attempts; n++) {
    const result = await attempt();
    tries.push(result);
    if (result.ok || !result.retryable || n === options.attempts) break;
    await (options.sleep ?? wait)(options.backoffMs * 2 ** (n - 1));
  }
  return tries;
}

/** The safe sentence for an HTTP status that is not 2xx. */
export function httpFailure(status: number): SendAttempt {
  const retryable = status >= 500 || status === 429 || status === 408;
  const hint = status === 404 || status === 410 ? " The URL may have been revoked or the channel archived." : status === 401 || status === 403 ? " The receiver refused it (check the URL or signing secret)." : "";
  return { ok: false, httpStatus: status, error: `The receiver answered HTTP ${status}.${hint}`, retryable };
}

/** The safe sentence for a thrown fetch error (timeout, refused, DNS, TLS); the original message is never kept. */
export function networkFailure(error: unknown, timeoutMs: number): SendAttempt {
  const name = error instanceof Error ? error.name : "";
  const code = error instanceof Error && error.cause && typeof error.cause === "object" && "code" in error.cause ? String((error.cause as { code: unknown }).code) : "";
  if (name === "TimeoutError" || name === "AbortError") return { ok: false, httpStatus: null, error: `No answer within ${Math.round(timeoutMs / 1000)} s.`, retryable: true };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { ok: false, httpStatus: null, error: "The receiver's host name could not be resolved.", retryable: true };
  if (code === "ECONNREFUSED") return { ok: false, httpStatus: null, error: "The receiver refused the connection.", retryable: true };
  if (code.startsWith("ERR_TLS") || code.includes("CERT")) return { ok: false, httpStatus: null, error: "The TLS handshake with the receiver failed (certificate problem).", retryable: false };
  return { ok: false, httpStatus: null, error: "The connection to the receiver failed.", retryable: true };
}

/** POSTs a JSON body once, with a timeout; never follows redirects (a redirect could leak the body elsewhere). */
export async function postOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendAttempt> {
  try {
    const response = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "user-agent": "Authpulse-Alerts/1", ...headers }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer().catch(() => undefined);
    return response.status >= 200 && response.status < 300 ? { ok: true, httpStatus: response.status, error: null, retryable: false } : httpFailure(response.status);
  } catch (error) {
    return networkFailure(error, timeoutMs);
  }
}
