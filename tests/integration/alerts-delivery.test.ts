// Alerts end to end below the UI: a connection fails through the real refresh path against a local
// token endpoint, the alert engine delivers to a Slack-compatible sink, a Standard Webhooks receiver
// that verifies the signature, and an SMTP sink — once — and "recovered" once after the fix.
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fixedClock, MINUTE, SECOND } from "@/lib/clock";
import { defaultAlertPolicy } from "@/lib/server/alerts/alert-condition";
import { evaluateAlerts } from "@/lib/server/alerts/evaluate-alerts";
import { loadAlertConditions } from "@/lib/server/alerts/load-conditions";
import { acknowledgeAlert, listAlerts, snoozeAlert } from "@/lib/server/alerts/manage-alerts";
import { createAlertChannel, listAlertChannels, updateAlertChannel } from "@/lib/server/alerts/manage-channels";
import { sendTestMessage } from "@/lib/server/alerts/send-test-message";
import { createDb, type Db } from "@/lib/server/db";
import { claimDueConnections } from "@/lib/server/refresh/claim";
import { runClaimedRefresh } from "@/lib/server/refresh/refresh-connection";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { startHttpSink, startSmtpSink, type HttpSink, type SmtpSink } from "../helpers/alert-sinks";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { startTokenServer, type TokenServer } from "../helpers/token-server";
import { refreshWorkspace, seedConnections } from "./support/refresh-fixtures";

const CLIENT = { clientId: "alerts-client", clientSecret: "alerts-client-secret-canary-71c2" };
const SLACK_PATH = "/services/T0CANARY/B0CANARY/slackpathcanary9f31";
const HOOK_PATH = "/receive/hookpathcanary4e77";
const SIGNING_SECRET = `whsec_${Buffer.from("signing-secret-canary-5b0d-32-bytes!").toString("base64")}`;
const SMTP = { user: "alerts@example.com", password: "smtp-password-canary-a83c" };
const SECRETS = [SLACK_PATH, HOOK_PATH, "slackpathcanary9f31", "hookpathcanary4e77", SIGNING_SECRET, SMTP.password];
const log = pino({ level: "silent" });
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const send = { timeoutMs: 2000, attempts: 3, backoffMs: 10 };

let database: TestDatabase;
let db: Db;
let server: TokenServer;
let slack: HttpSink;
let hook: HttpSink;
let smtp: SmtpSink;
let clock: ReturnType<typeof fixedClock>;
let workspaceId: string;
let appId: string;
let actorId: string;

const engine = () => ({ db, clock, keyring, log, send, appUrl: "http://localhost:3000", policy: defaultAlertPolicy(5 * MINUTE) });
const evaluate = async () => evaluateAlerts(engine(), await loadAlertConditions({ db, clock }));
const rule = { allowHttpLoopback: true };

async function refreshOnce(): Promise<void> {
  const [claim] = await claimDueConnections(db, { owner: "w1", now: clock.now(), limit: 1, leaseMs: 30 * SECOND });
  if (!claim) throw new Error("nothing due");
  await runClaimedRefresh({ db, clock, keyring, log, timeoutMs: 2000 }, claim);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 10 });
  server = await startTokenServer(CLIENT);
  vi.stubEnv("DEMO_PROVIDER_URL", server.url);
  clock = fixedClock(new Date());
  ({ workspaceId, appId } = await refreshWorkspace({ db, clock, keyring }, CLIENT));
  actorId = (await db.user.create({ data: { email: "admin@example.com", name: "Ada Admin" } })).id;
  [slack, hook, smtp] = await Promise.all([startHttpSink(), startHttpSink({ secret: SIGNING_SECRET }), startSmtpSink(SMTP)]);
  const base = { actorId, workspaceId, rule };
  await createAlertChannel({ db, clock, keyring }, { ...base, kind: "slack", form: { name: "#revops-alerts", url: slack.url(SLACK_PATH) } });
  await createAlertChannel({ db, clock, keyring }, { ...base, kind: "webhook", form: { name: "n8n receiver", url: hook.url(HOOK_PATH), secret: SIGNING_SECRET } });
  await createAlertChannel({ db, clock, keyring }, { ...base, kind: "email", form: { name: "On-call mail", host: "127.0.0.1", port: String(smtp.port), security: "none", user: SMTP.user, password: SMTP.password, from: "authpulse@example.com", to: "oncall@example.com, revops@example.com" } });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([server.close(), slack.close(), hook.close(), smtp.close()]);
  await db.$disconnect();
  await database.drop();
});

beforeEach(() => {
  clock.set(new Date());
});

describe("an induced refresh failure", () => {
  it("reaches Slack, the signed webhook and e-mail once, is not resent on repeated evaluation, and 'recovered' goes out once", async () => {
    const [connectionId] = await seedConnections({ db, clock, keyring }, { workspaceId, appId, refreshTokens: [server.issueGrant()] });
    server.failNext("http_500");
    await refreshOnce();
    expect((await db.connection.findUniqueOrThrow({ where: { id: connectionId! } })).health).toBe("degraded");

    const first = await evaluate();
    expect(first).toMatchObject({ opened: 1, messages: 3, failedMessages: 0 });
    for (let i = 0; i < 5; i++) {
      clock.advance(30 * SECOND);
      expect(await evaluate()).toMatchObject({ opened: 0, messages: 0 });
    }
    expect(slack.received).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);

    // Slack: Block Kit with a header, fields and a button back to the connection.
    const blocks = slack.received[0]!.json.blocks as { type: string; text?: { text: string }; fields?: unknown[]; elements?: { url?: string }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions", "context"]);
    expect(blocks[0]!.text!.text).toContain("is failing to refresh (retrying)");
    expect(blocks[3]!.elements![0]!.url).toBe(`http://localhost:3000/connections/${connectionId}`);
    // Webhook: the receiver verified the Standard Webhooks signature on its own.
    expect(hook.received[0]!.verified).toBe(true);
    expect(hook.received[0]!.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(hook.received[0]!.json).toMatchObject({ type: "alert.opened", data: { severity: "warning", rule: "refresh_failing" } });
    // E-mail: logged in, to both recipients, with the headline as subject.
    expect(smtp.logins).toEqual([SMTP.user]);
    expect(smtp.messages[0]).toMatchObject({ from: "authpulse@example.com", to: ["oncall@example.com", "revops@example.com"] });
    expect(smtp.messages[0]!.subject).toContain("is failing to refresh");

    // The provider comes back; the next refresh succeeds. The alert resolves only after 5 clear minutes.
    const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId! } });
    clock.set(new Date(Math.max(clock.now().getTime(), row.nextRefreshAt!.getTime())));
    await refreshOnce();
    expect((await db.connection.findUniqueOrThrow({ where: { id: connectionId! } })).health).toBe("healthy");
    expect(await evaluate()).toMatchObject({ resolved: 0, messages: 0 });
    clock.advance(4 * MINUTE);
    expect(await evaluate()).toMatchObject({ resolved: 0 });
    clock.advance(MINUTE);
    expect(await evaluate()).toMatchObject({ resolved: 1, messages: 3 });
    clock.advance(MINUTE);
    expect(await evaluate()).toMatchObject({ resolved: 0, messages: 0 });

    expect(String(slack.received[1]!.json.text)).toMatch(/^Recovered: /);
    expect(hook.received.map((r) => r.json.type)).toEqual(["alert.opened", "alert.recovered"]);
    expect(hook.received.every((r) => r.verified)).toBe(true);
    expect(smtp.messages.map((m) => m.subject.split(":")[0])).toEqual([expect.not.stringMatching(/^Recovered/), "Recovered"]);

    const { alerts, counts } = await listAlerts({ db, clock }, { workspaceId, query: { state: "all", severity: null, rule: null } });
    expect(counts).toMatchObject({ open: 0, resolved: 1 });
    expect(alerts[0]!.deliveries.map((d) => `${d.channelKind}:${d.kind}:${d.ok}`).sort()).toEqual(["email:opened:true", "email:recovered:true", "slack:opened:true", "slack:recovered:true", "webhook:opened:true", "webhook:recovered:true"]);
    await db.connection.delete({ where: { id: connectionId! } });
  });

  it("a permanent failure (invalid_grant) is critical at once; acknowledging stops reminders", async () => {
    const before = { slack: slack.received.length, hook: hook.received.length, smtp: smtp.messages.length };
    const token = server.issueGrant();
    const [connectionId] = await seedConnections({ db, clock, keyring }, { workspaceId, appId, refreshTokens: [token] });
    server.failNext("invalid_grant");
    await refreshOnce();
    expect(await evaluate()).toMatchObject({ opened: 1, messages: 3 });
    const alert = await db.alert.findFirstOrThrow({ where: { connectionId, state: "open" } });
    expect(alert).toMatchObject({ severity: "critical", rule: "refresh_failing" });
    expect(hook.received.at(-1)!.json).toMatchObject({ type: "alert.opened", data: { severity: "critical" } });
    await acknowledgeAlert({ db, clock }, { actorId, workspaceId, alertId: alert.id });
    clock.advance(2 * 24 * 60 * MINUTE);
    expect(await evaluate()).toMatchObject({ messages: 0 });
    expect(slack.received.length - before.slack).toBe(1);
    expect(smtp.messages.length - before.smtp).toBe(1);
    expect(await db.auditLog.count({ where: { action: "alert.acknowledged", targetId: alert.id } })).toBe(1);
    // Deleting the connection closes the alert with a message that says so, not "back to normal".
    await db.connection.delete({ where: { id: connectionId! } });
    await evaluate();
    clock.advance(5 * MINUTE);
    expect(await evaluate()).toMatchObject({ resolved: 1, messages: 3 });
    expect(hook.received.at(-1)!.json).toMatchObject({ type: "alert.recovered", data: { body: expect.stringMatching(/^Closed: the connection was disconnected or deleted/) } });
  });
});

describe("snooze and reminders", () => {
  it("a snoozed alert sends nothing until the snooze ends; then the daily reminder goes out once", async () => {
    const [connectionId] = await seedConnections({ db, clock, keyring }, { workspaceId, appId, refreshTokens: [server.issueGrant()] });
    server.failNext("invalid_grant");
    await refreshOnce();
    expect(await evaluate()).toMatchObject({ opened: 1, messages: 3 });
    const alert = await db.alert.findFirstOrThrow({ where: { connectionId, state: "open" } });
    await snoozeAlert({ db, clock }, { actorId, workspaceId, alertId: alert.id, hours: 48 });
    clock.advance(25 * 60 * MINUTE);
    expect(await evaluate()).toMatchObject({ messages: 0 });
    clock.advance(24 * 60 * MINUTE);
    expect(await evaluate()).toMatchObject({ messages: 3 });
    expect(await evaluate()).toMatchObject({ messages: 0 });
    expect(String(slack.received.at(-1)!.json.text)).toMatch(/^Still open: /);
    expect(await db.auditLog.count({ where: { action: "alert.snoozed", targetId: alert.id } })).toBe(1);
    await db.connection.delete({ where: { id: connectionId! } });
    await evaluate();
    clock.advance(5 * MINUTE);
    await evaluate();
  });
});

describe("channels", () => {
  it("records every attempt with a safe sentence when a receiver fails, retrying 5xx", async () => {
    const channels = await listAlertChannels({ db, clock }, { workspaceId });
    const slackChannel = channels.find((c) => c.kind === "slack")!;
    slack.failNext(503, 3);
    const result = await sendTestMessage({ db, clock, keyring, send }, { actorId, workspaceId, channelId: slackChannel.id, appUrl: "http://localhost:3000" });
    expect(result).toEqual({ ok: false, name: "#revops-alerts", error: "The receiver answered HTTP 503." });
    const attempts = await db.alertDelivery.findMany({ where: { channelId: slackChannel.id, kind: "test" }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.ok, a.httpStatus])).toEqual([[1, false, 503], [2, false, 503], [3, false, 503]]);
    expect(await sendTestMessage({ db, clock, keyring, send }, { actorId, workspaceId, channelId: slackChannel.id, appUrl: "http://localhost:3000" })).toMatchObject({ ok: true, error: null });
  });

  it("refuses plain http outside loopback development and keeps stored secrets when an edit leaves them blank", async () => {
    await expect(createAlertChannel({ db, clock, keyring }, { actorId, workspaceId, rule: { allowHttpLoopback: false }, kind: "slack", form: { name: "x", url: slack.url("/x") } })).rejects.toMatchObject({ fieldErrors: { url: expect.stringContaining("https") } });
    await expect(createAlertChannel({ db, clock, keyring }, { actorId, workspaceId, rule, kind: "slack", form: { name: "x", url: "http://hooks.example.com/services/x" } })).rejects.toMatchObject({ fieldErrors: { url: expect.stringContaining("https") } });
    const hookChannel = (await listAlertChannels({ db, clock }, { workspaceId })).find((c) => c.kind === "webhook")!;
    await updateAlertChannel({ db, clock, keyring }, { actorId, workspaceId, rule, channelId: hookChannel.id, form: { name: "n8n (renamed)", url: "", secret: "" } });
    const count = hook.received.length;
    expect(await sendTestMessage({ db, clock, keyring, send }, { actorId, workspaceId, channelId: hookChannel.id, appUrl: "http://localhost:3000" })).toMatchObject({ ok: true });
    expect(hook.received[count]!.verified).toBe(true);
  });

  it("generates a whsec_ signing secret when the admin leaves it empty, returned once and used to sign", async () => {
    const created = await createAlertChannel({ db, clock, keyring }, { actorId, workspaceId, rule, kind: "webhook", form: { name: "generated", url: hook.url("/generated"), secret: "" } });
    expect(created.generatedSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const views = JSON.stringify(await listAlertChannels({ db, clock }, { workspaceId }));
    expect(views).not.toContain(created.generatedSecret!);
    await db.alertChannel.delete({ where: { id: created.id } });
  });

  it("never exposes a webhook URL, signing secret or SMTP password in views, deliveries or the audit log", async () => {
    const views = JSON.stringify(await listAlertChannels({ db, clock }, { workspaceId }));
    expect(views).toContain("127.0.0.1");
    const alerts = JSON.stringify(await listAlerts({ db, clock }, { workspaceId, query: { state: "all", severity: null, rule: null } }));
    const stored = JSON.stringify([await db.alertDelivery.findMany(), await db.auditLog.findMany(), await db.alert.findMany(), (await db.alertChannel.findMany()).map((c) => c.settings)]);
    for (const secret of SECRETS) {
      expect(views).not.toContain(secret);
      expect(alerts).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});
