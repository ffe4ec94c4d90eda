import "server-only";
import type * as OidcProviderModule from "oidc-provider";

type ConsoleMethod = (...args: unknown[]) => void;

const attentionPrefix = /^(?:\x1b\[[0-9;]*m)?oidc-provider (?:WARNING|NOTICE): /;

/** The text of an oidc-provider console notice, or undefined when the message is someone else's. */
function attentionText(args: readonly unknown[]): string | undefined {
  const [first] = args;
  if (typeof first !== "string" || !attentionPrefix.test(first)) return undefined;
  return first.replace(/\x1b\[[0-9;]*m/g, "").replace(/^oidc-provider (?:WARNING|NOTICE): /, "");
}

let loading: Promise<typeof OidcProviderModule> | undefined;

// oidc-provider wants Node 22+ and warns "Unsupported runtime" on Node 20, where it runs fine.
/** Imports oidc-provider once, dropping only its "Unsupported runtime" console warning. */
export function loadOidcProvider(): Promise<typeof OidcProviderModule> {
  loading ??= (async () => {
    const original = console.warn;
    const filtered: ConsoleMethod = (...args) => {
      if (attentionText(args)?.startsWith("Unsupported runtime")) return;
      original.apply(console, args);
    };
    console.warn = filtered;
    try {
      return await import("oidc-provider");
    } finally {
      if (console.warn === filtered) console.warn = original;
    }
  })();
  return loading;
}

// The constructor's notices (in-memory adapter, devInteractions) are expected for a demo.
/** Runs a synchronous oidc-provider call (the constructor), sending its console notices to `sink`. */
export function withOidcNotices<T>(sink: (notice: string) => void, run: () => T): T {
  const original = { warn: console.warn, info: console.info };
  const capture =
    (fallback: ConsoleMethod): ConsoleMethod =>
    (...args) => {
      const text = attentionText(args);
      if (text === undefined) fallback.apply(console, args);
      else sink(text);
    };
  console.warn = capture(original.warn);
  console.info = capture(original.info);
  try {
    return run();
  } finally {
    console.warn = original.warn;
    console.info = original.info;
  }
}
