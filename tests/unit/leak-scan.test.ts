import { describe, expect, it } from "vitest";
import { detectFormat, locateStrings, parseCsv } from "@/lib/leak-scan/locate-strings";
import { entropy, findPatternHits, isAuthFieldSecret, maskSecret, secretCandidates } from "@/lib/leak-scan/secret-patterns";

// Fake secrets assembled at run time, so no secret-looking literal is committed.
const fake = (prefix: string, n: number, alphabet = "aB3xK9qL2mZ7pR4t") => prefix + Array.from({ length: n }, (_, i) => alphabet[(i * 7) % alphabet.length]).join("");

describe("locating strings inside an upload", () => {
  it("gives n8n header parameters the parameter's name as field and a JSON path", () => {
    const workflow = { nodes: [{ name: "HTTP Request", parameters: { headerParameters: { parameters: [{ name: "Authorization", value: "Bearer abc" }] } } }] };
    const { format, strings } = locateStrings("wf.json", JSON.stringify(workflow));
    expect(format).toBe("json");
    expect(strings).toContainEqual({ path: "$.nodes[0].parameters.headerParameters.parameters[0].value", field: "Authorization", value: "Bearer abc" });
  });
  it("quotes keys that are not identifiers in the path", () => {
    const { strings } = locateStrings("x.json", JSON.stringify({ "api-key": "v" }));
    expect(strings[0]!.path).toBe('$["api-key"]');
  });
  it("reads .env lines (export, quotes, comments) with the line and variable name", () => {
    const { format, strings } = locateStrings("prod.env", "# comment\nexport STRIPE_KEY='sk'\nEMPTY=\nURL=https://x # note\n");
    expect(format).toBe("env");
    expect(strings).toEqual([
      { path: "line 2 (STRIPE_KEY)", field: "STRIPE_KEY", value: "sk" },
      { path: "line 4 (URL)", field: "URL", value: "https://x" },
    ]);
  });
  it("reads CSV rows (Clay exports) with the row and column header, quoted cells included", () => {
    expect(parseCsv('a,b\r\n"x, ""y""",2\n')).toEqual([["a", "b"], ['x, "y"', "2"]]);
    const { format, strings } = locateStrings("table.csv", 'Company,API key\nAcme,"k1"\n');
    expect(format).toBe("csv");
    expect(strings).toContainEqual({ path: 'row 1, column "API key"', field: "API key", value: "k1" });
  });
  it("treats broken JSON as text and keeps multi-line PEM blocks whole", () => {
    expect(detectFormat("a.json", "{ not json")).toBe("text");
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----";
    const { strings } = locateStrings("notes.txt", `hello\n${pem}\n`);
    expect(strings).toContainEqual({ path: "line 2", field: null, value: pem });
  });
});

describe("generic secret patterns", () => {
  it("finds vendor formats wherever they sit in a value", () => {
    const stripe = fake("sk_live_", 24);
    const slack = fake("xoxb-", 24, "0123456789abcdef");
    const github = fake("ghp_", 36);
    const aws = fake("AKIA", 16, "ABCDEFGHIJKLMNOP");
    const hits = findPatternHits([{ path: "p", field: "text", value: `curl -H "Authorization: Bearer ${stripe}" && echo ${slack} ${github} ${aws}` }]);
    expect(hits.map((h) => h.pattern).sort()).toEqual(["aws_access_key", "github_token", "slack_token", "stripe_live"]);
    expect(hits.find((h) => h.pattern === "stripe_live")!.secret).toBe(stripe);
  });
  it("recognises a JWT only when its header decodes to JSON with an alg", () => {
    const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ sub: "1234567890" })).toString("base64url");
    const jwt = `${header}.${payload}.${"s".repeat(43)}`;
    expect(findPatternHits([{ path: "p", field: null, value: jwt }]).map((h) => h.pattern)).toEqual(["jwt"]);
    const noAlg = `${Buffer.from('{"typ":"x"}').toString("base64url")}.${payload}.${"s".repeat(43)}`;
    expect(findPatternHits([{ path: "p", field: null, value: noAlg }])).toEqual([]);
  });
  it("flags long random values under auth-looking keys, not placeholders, expressions or prose", () => {
    expect(isAuthFieldSecret("apiKey", "q8Zr2LxW9mT4vB7nK1pD6sF3")).toBe(true);
    expect(isAuthFieldSecret("Authorization", "Bearer q8Zr2LxW9mT4vB7nK1pD6sF3")).toBe(true);
    expect(isAuthFieldSecret("description", "q8Zr2LxW9mT4vB7nK1pD6sF3")).toBe(false);
    expect(isAuthFieldSecret("apiKey", "YOUR_API_KEY_GOES_HERE")).toBe(false);
    expect(isAuthFieldSecret("token", "={{ $credentials.token }}")).toBe(false);
    expect(isAuthFieldSecret("password", "aaaaaaaaaaaaaaaaaaaa")).toBe(false);
    expect(entropy("abcd")).toBe(2);
  });
});

describe("candidates for the fingerprint lookup", () => {
  it("include the whole value, the token after Bearer, the password inside Basic, and tokens of a longer text", () => {
    expect(secretCandidates("Bearer tok_1234567890")).toEqual(expect.arrayContaining(["Bearer tok_1234567890", "tok_1234567890"]));
    expect(secretCandidates(`Basic ${Buffer.from("user:s3cret-password").toString("base64")}`)).toContain("s3cret-password");
    expect(secretCandidates('key="abcdefgh12345" other')).toContain("abcdefgh12345");
  });
  it("masks to a short vendor prefix and the last four, never more", () => {
    expect(maskSecret(fake("sk_live_", 24))).toMatch(/^sk_live_…[A-Za-z0-9]{4}$/);
    expect(maskSecret("short")).toBe("…");
    expect(maskSecret("-----BEGIN PRIVATE KEY-----abc-----END PRIVATE KEY-----")).toBe("-----BEGIN … PRIVATE KEY-----");
  });
});
