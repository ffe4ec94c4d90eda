// Logs in to a running Authpulse over HTTP the way the login form does (next-auth's credentials
// callback), so the bench's requests pass the same session checks as a browser's.

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

/** The Cookie header of a signed-in session for this email and password. */
export async function logInOverHttp(baseUrl: string, who: { email: string; password: string }): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map(cookiePairs(csrf).map((pair) => [pair.split("=")[0]!, pair]));
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [...jar.values()].join("; "), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email: who.email, password: who.password, callbackUrl: `${baseUrl}/overview`, json: "true" }),
  });
  for (const pair of cookiePairs(response)) jar.set(pair.split("=")[0]!, pair);
  const session = [...jar.keys()].find((name) => name.endsWith("next-auth.session-token"));
  if (!session) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return [...jar.values()].join("; ");
}
