import "server-only";
import { catalog } from "@/lib/server/providers/catalog";
import { DEMO_PROVIDER_KEY } from "../resolve-provider";

const MAX_KEY_LENGTH = 64;

/**
 * Keys a custom provider may never take: the shipped catalog and the demo provider win in
 * findEntry, so a custom entry with their id would be unreachable; "custom" is the static route
 * /connections/new/custom, which shadows /connections/new/[providerKey].
 */
export function reservedProviderKeys(): ReadonlySet<string> {
  return new Set([...catalog.map((entry) => entry.id), DEMO_PROVIDER_KEY, "custom"]);
}

function withSuffix(base: string, suffix: string): string {
  if (suffix === "") return base;
  return `${base.slice(0, MAX_KEY_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
}

/**
 * The first key derived from `base` that is neither reserved nor in `taken`: base, base-2, base-3…
 * A reserved base becomes base-custom (then base-custom-2…), so "hubspot" typed by hand reads as
 * the workspace's own HubSpot entry rather than a second catalog HubSpot.
 */
export function firstFreeProviderKey(base: string, taken: ReadonlySet<string>, reserved: ReadonlySet<string> = reservedProviderKeys()): string {
  const stem = reserved.has(base) ? withSuffix(base, "-custom") : base;
  for (let n = 1; ; n++) {
    const key = withSuffix(stem, n === 1 ? "" : `-${n}`);
    if (!reserved.has(key) && !taken.has(key)) return key;
  }
}
