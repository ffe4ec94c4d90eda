import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitScopeText, displayUrl, hostKeyOf } from "@/lib/server/connect/machine/connection-fields";
import { maxKeyFileBytes, readKeyUpload } from "@/lib/server/connect/machine/key-upload";
import { parseHeaderLines, parseLoginBody } from "@/lib/server/connect/machine/login-form-fields";
import { ServiceError } from "@/lib/server/errors";

function thrown(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  }
  throw new Error("expected a ServiceError");
}

async function rejected(run: Promise<unknown>): Promise<ServiceError> {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("login headers typed as `Name: value` lines", () => {
  it("reads each line, trims around the colon, keeps colons inside values and skips blank lines", () => {
    expect(parseHeaderLines("X-Api-Key:  abc:def \r\n\n  Accept: application/json\n")).toEqual({ "X-Api-Key": "abc:def", Accept: "application/json" });
    expect(parseHeaderLines("   \n")).toEqual({});
  });

  it("names the bad line by number, never by its content (it may be a pasted key)", () => {
    const secret = "sk_live_canary_51HxQ";
    for (const [text, message] of [
      [`Accept: x\n${secret}`, "Line 2 of the headers is not “Name: value”."],
      [`: ${secret}`, "Line 1 of the headers is not “Name: value”."],
      [`Bad Name: ${secret}`, "Line 1 of the headers has a header name with characters other than letters, digits and -_."],
      [`X-Key: a\nx-key: ${secret}`, "Line 2 of the headers repeats a header named on an earlier line."],
    ] as const) {
      const error = thrown(() => parseHeaderLines(text));
      expect(error.fieldErrors).toEqual({ headers: message });
      expect(JSON.stringify(error.fieldErrors)).not.toContain(secret);
    }
  });

  it("refuses more than 50 headers", () => {
    const lines = Array.from({ length: 51 }, (_, i) => `X-H${i}: v`).join("\n");
    expect(thrown(() => parseHeaderLines(lines)).fieldErrors?.headers).toBe("Send at most 50 headers.");
  });
});

describe("login body", () => {
  it("is absent when empty, JSON when JSON", () => {
    expect(parseLoginBody("  \n", {})).toBeUndefined();
    expect(parseLoginBody('{"email":"a@b.c","otp":null}', {})).toEqual({ email: "a@b.c", otp: null });
  });

  it("refuses text that is not JSON without repeating it", () => {
    const error = thrown(() => parseLoginBody("password=canary-body-secret", {}));
    expect(error.fieldErrors?.body).toMatch(/^The body is not valid JSON/);
    expect(error.fieldErrors?.body).not.toContain("canary-body-secret");
  });

  it("sends text as it is when a non-JSON Content-Type says so", () => {
    expect(parseLoginBody("user=a&password=b", { "Content-Type": "application/x-www-form-urlencoded" })).toBe("user=a&password=b");
    expect(() => parseLoginBody("user=a", { "content-type": "application/json" })).toThrow(ServiceError);
  });

  it("refuses a body over 64 KB", () => {
    expect(thrown(() => parseLoginBody(JSON.stringify({ a: "x".repeat(70_000) }), {})).fieldErrors?.body).toBe("The body is larger than 64 KB.");
  });
});

describe("service-account key upload", () => {
  it("reads a JSON key file", async () => {
    expect(await readKeyUpload(new File(['{"type":"service_account"}'], "key.json", { type: "application/json" }))).toBe('{"type":"service_account"}');
  });

  it("asks for a file when none was chosen (browsers send an empty, nameless file)", async () => {
    for (const entry of [null, "", new File([], "", { type: "application/octet-stream" })]) {
      const error = await rejected(readKeyUpload(entry));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors?.serviceAccountKey).toBe("Choose the service account's JSON key file.");
    }
  });

  it("refuses a file over 64 KB with a 413 and says why", async () => {
    const error = await rejected(readKeyUpload(new File(["x".repeat(maxKeyFileBytes + 1)], "big.json")));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.status).toBe(413);
    expect(error.fieldErrors?.serviceAccountKey).toMatch(/larger than 64 KB/);
    expect(await readKeyUpload(new File(["x".repeat(maxKeyFileBytes)], "edge.json"))).toHaveLength(maxKeyFileBytes);
  });
});

describe("connection fields", () => {
  it("splits scopes on spaces, commas and lines, without duplicates", () => {
    expect(splitScopeText(" a b,c\nb  ")).toEqual(["a", "b", "c"]);
  });

  it("shows URLs without their query string and files generic endpoints under their host", () => {
    expect(displayUrl("https://api.example.com/login?api_key=canary#x")).toBe("https://api.example.com/login?…");
    expect(displayUrl("https://api.example.com/login")).toBe("https://api.example.com/login");
    expect(hostKeyOf("https://Auth.Example.com:8443/token")).toBe("auth.example.com");
  });
});

describe("machine-connection server actions", () => {
  const source = readFileSync(join(import.meta.dirname, "..", "..", "lib", "server", "actions", "machine-connect-actions.ts"), "utf8");

  it("never copies a secret field into the values echoed back to the form", () => {
    const echoed = [...source.matchAll(/formText\(form, \[([^\]]*)\]\)/g)].flatMap((match) => [...(match[1] ?? "").matchAll(/"(\w+)"/g)].map((name) => name[1]));
    expect(echoed.length).toBeGreaterThan(10);
    for (const secret of ["clientSecret", "privateKey", "serviceAccountKey", "headers", "body"]) expect(echoed).not.toContain(secret);
  });
});
