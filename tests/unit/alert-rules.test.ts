// The alert engine with a moved clock: dedupe, cool-down, hysteresis recovery, snooze, acknowledge.
import { describe, expect, it } from "vitest";
import { DAY, fixedClock, HOUR, MINUTE } from "@/lib/clock";
import { defaultAlertPolicy, type AlertCondition, type AlertSeverity, type NotificationKind } from "@/lib/server/alerts/alert-condition";
import { planAlerts, type LiveAlert } from "@/lib/server/alerts/plan-alerts";

const policy = defaultAlertPolicy(5 * MINUTE);

function failing(severity: AlertSeverity = "critical", subject = "connection:c1"): AlertCondition {
  return { workspaceId: "w1", rule: "refresh_failing", subject, class: "refresh", severity, connectionId: subject.split(":")[1]!, credentialId: null, title: "HubSpot needs reconnecting", body: "The authorization was revoked.", fixPath: "/connections/c1", fields: [] };
}

/** A tiny in-memory store applying the planner's steps, recording every message sent. */
function harness(start = "2026-12-07T10:00:00Z") {
  const clock = fixedClock(start);
  const alerts: (LiveAlert & { resolved: boolean })[] = [];
  const sent: { kind: NotificationKind; alertId: string }[] = [];
  let next = 1;
  const tick = (conditions: AlertCondition[]) => {
    const now = clock.now();
    const steps = planAlerts({ now, policy, conditions, alerts: alerts.filter((a) => !a.resolved) });
    for (const step of steps) {
      if (step.type === "open") {
        const id = `a${next++}`;
        alerts.push({ id, workspaceId: step.condition.workspaceId, rule: step.condition.rule, dedupeKey: `${step.condition.rule}|${step.condition.subject}|${step.condition.class}`, severity: step.condition.severity, state: "open", occurrences: step.condition.count ?? 1, lastNotifiedAt: now, clearSince: null, snoozedUntil: null, resolved: false });
        sent.push({ kind: step.notify, alertId: id });
      } else if (step.type === "update") {
        const a = alerts.find((x) => x.id === step.alertId)!;
        Object.assign(a, { severity: step.condition.severity, occurrences: step.occurrences, clearSince: null });
        if (step.notify) {
          a.lastNotifiedAt = now;
          sent.push({ kind: step.notify, alertId: a.id });
        }
      } else if (step.type === "clearing") {
        alerts.find((x) => x.id === step.alertId)!.clearSince = step.clearSince;
      } else {
        alerts.find((x) => x.id === step.alertId)!.resolved = true;
        if (step.notify) sent.push({ kind: step.notify, alertId: step.alertId });
      }
    }
    return steps;
  };
  return { clock, alerts, sent, tick };
}

describe("alert rule evaluation", () => {
  it("opens one alert and sends one message for a failing connection, however often it is evaluated (dedupe)", () => {
    const h = harness();
    for (let i = 0; i < 20; i++) {
      h.tick([failing()]);
      h.clock.advance(30_000);
    }
    expect(h.alerts).toHaveLength(1);
    expect(h.sent).toEqual([{ kind: "opened", alertId: "a1" }]);
  });

  it("keeps separate alerts for separate connections and rules", () => {
    const h = harness();
    h.tick([failing("critical", "connection:c1"), failing("critical", "connection:c2"), { ...failing(), rule: "hard_deadline", class: "deadline", severity: "warning" }]);
    expect(h.sent.map((s) => s.kind)).toEqual(["opened", "opened", "opened"]);
  });

  it("reminds once per cool-down (daily) while the problem lasts, not every evaluation", () => {
    const h = harness();
    h.tick([failing()]);
    h.clock.advance(DAY - MINUTE);
    h.tick([failing()]);
    expect(h.sent).toHaveLength(1);
    h.clock.advance(MINUTE);
    h.tick([failing()]);
    h.tick([failing()]);
    expect(h.sent.map((s) => s.kind)).toEqual(["opened", "reminder"]);
  });

  it("sends the rotation digest weekly", () => {
    const h = harness();
    const digest: AlertCondition = { ...failing("info", "workspace:w1"), rule: "rotation_overdue", class: "digest", count: 3 };
    h.tick([digest]);
    h.clock.advance(6 * DAY);
    h.tick([digest]);
    h.clock.advance(DAY);
    h.tick([{ ...digest, count: 4 }]);
    expect(h.sent.map((s) => s.kind)).toEqual(["digest", "digest"]);
    expect(h.alerts[0]!.occurrences).toBe(4);
  });

  it("resolves only after the condition stays clear for the hysteresis window, then says 'recovered' once", () => {
    const h = harness();
    h.tick([failing()]);
    h.clock.advance(MINUTE);
    h.tick([]);
    h.clock.advance(4 * MINUTE);
    h.tick([]);
    expect(h.alerts[0]!.resolved).toBe(false);
    h.clock.advance(MINUTE);
    h.tick([]);
    h.tick([]);
    expect(h.alerts[0]!.resolved).toBe(true);
    expect(h.sent.map((s) => s.kind)).toEqual(["opened", "recovered"]);
  });

  it("does not flap: a condition that comes back within the window keeps the same alert, counts an occurrence and sends nothing", () => {
    const h = harness();
    h.tick([failing()]);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(MINUTE);
      h.tick([]);
      h.clock.advance(MINUTE);
      h.tick([failing()]);
    }
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatchObject({ occurrences: 6, resolved: false, clearSince: null });
    expect(h.sent.map((s) => s.kind)).toEqual(["opened"]);
  });

  it("a new failure after recovery is a new alert with its own message", () => {
    const h = harness();
    h.tick([failing()]);
    h.tick([]);
    h.clock.advance(10 * MINUTE);
    h.tick([]);
    h.clock.advance(HOUR);
    h.tick([failing()]);
    expect(h.sent.map((s) => `${s.kind}:${s.alertId}`)).toEqual(["opened:a1", "recovered:a1", "opened:a2"]);
  });

  it("escalates a retrying warning to critical at once, even inside the cool-down and when acknowledged", () => {
    const h = harness();
    h.tick([failing("warning")]);
    h.alerts[0]!.state = "acknowledged";
    h.clock.advance(MINUTE);
    h.tick([failing("critical")]);
    h.tick([failing("critical")]);
    expect(h.sent.map((s) => s.kind)).toEqual(["opened", "escalated"]);
    expect(h.alerts[0]!.severity).toBe("critical");
  });

  it("acknowledging stops reminders but the recovery is still announced", () => {
    const h = harness();
    h.tick([failing()]);
    h.alerts[0]!.state = "acknowledged";
    h.clock.advance(3 * DAY);
    h.tick([failing()]);
    expect(h.sent).toHaveLength(1);
    h.tick([]);
    h.clock.advance(5 * MINUTE);
    h.tick([]);
    expect(h.sent.map((s) => s.kind)).toEqual(["opened", "recovered"]);
  });

  it("snooze silences reminders until it ends; then the next reminder goes out", () => {
    const h = harness();
    h.tick([failing()]);
    h.alerts[0]!.snoozedUntil = new Date(h.clock.now().getTime() + 2 * DAY);
    h.clock.advance(DAY + HOUR);
    h.tick([failing()]);
    expect(h.sent).toHaveLength(1);
    h.clock.advance(DAY);
    h.tick([failing()]);
    expect(h.sent.map((s) => s.kind)).toEqual(["opened", "reminder"]);
  });

  it("an alert that was never announced (snoozed before its first message) resolves without a 'recovered' message", () => {
    const steps = planAlerts({ now: new Date("2026-12-07T10:10:00Z"), policy, conditions: [], alerts: [{ id: "x", workspaceId: "w1", rule: "refresh_failing", dedupeKey: "refresh_failing|connection:c1|refresh", severity: "warning", state: "open", occurrences: 1, lastNotifiedAt: null, clearSince: new Date("2026-12-07T10:00:00Z"), snoozedUntil: null }] });
    expect(steps).toEqual([{ type: "resolve", alertId: "x", notify: null }]);
  });
});
