import { describe, expect, it } from "vitest";
import { humanizeLogLine } from "@/lib/server/launcher/supervisor";

describe("the launcher's console shows children's logs readably", () => {
  it("turns a pino JSON line into level, message and fields", () => {
    const line = JSON.stringify({ level: 30, time: 1, pid: 2, name: "worker", msg: "worker started", jobs: ["a", "b"], workerId: "w1" });
    expect(humanizeLogLine(line)).toBe('info  worker started  jobs=["a","b"] workerId=w1');
  });

  it("leaves plain text and malformed JSON as they are", () => {
    expect(humanizeLogLine("▲ Next.js 16")).toBe("▲ Next.js 16");
    expect(humanizeLogLine("{not json")).toBe("{not json");
  });

  it("keeps redaction markers, never revealing more than the JSON did", () => {
    const line = JSON.stringify({ level: 50, msg: "refresh failed", refresh_token: "[redacted]" });
    expect(humanizeLogLine(line)).toBe("error refresh failed  refresh_token=[redacted]");
  });
});
