// The bare HTTP client of bench:refresh, in its own process like an engine worker: N concurrent
// loops of plain fetch POST grant_type=refresh_token with HTTP Basic client authentication, each
// refresh token used once, the JSON answer parsed and checked. No database, no sealing.
export type BareClientJob = { tokenUrl: string; clientId: string; clientSecret: string; concurrency: number; refreshTokens: string[] };
export type BareClientResult = { startedAt: number; finishedAt: number; ok: number; errors: number; meanLatencyMs: number; cpuSeconds: number };

const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");

async function run(job: BareClientJob): Promise<BareClientResult> {
  const authorization = `Basic ${Buffer.from(`${formEncode(job.clientId)}:${formEncode(job.clientSecret)}`).toString("base64")}`;
  let next = 0;
  let ok = 0;
  let errors = 0;
  let latencySum = 0;
  const loop = async () => {
    for (;;) {
      const i = next++;
      const refreshToken = job.refreshTokens[i];
      if (refreshToken === undefined) return;
      const started = performance.now();
      try {
        const response = await fetch(job.tokenUrl, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded;charset=UTF-8", accept: "application/json" },
          body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString(),
        });
        const body = (await response.json()) as { access_token?: unknown; refresh_token?: unknown };
        if (response.status === 200 && typeof body.access_token === "string" && typeof body.refresh_token === "string") ok++;
        else errors++;
      } catch {
        errors++;
      }
      latencySum += performance.now() - started;
    }
  };
  const cpuBefore = process.cpuUsage();
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  const finishedAt = Date.now();
  const cpu = process.cpuUsage(cpuBefore);
  return { startedAt, finishedAt, ok, errors, meanLatencyMs: latencySum / Math.max(1, ok + errors), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

let job: BareClientJob | null = null;
process.on("message", (raw) => {
  const message = raw as { op: "job"; job: BareClientJob } | { op: "go" };
  if (message.op === "job") {
    job = message.job;
    process.send?.({ ready: true });
    return;
  }
  if (message.op === "go" && job) {
    void run(job).then((result) => {
      process.send?.({ result });
      process.disconnect();
    });
  }
});
