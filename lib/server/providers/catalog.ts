import "server-only";
import { airtableEntry } from "./catalog/airtable";
import { attioEntry } from "./catalog/attio";
import { calendlyEntry } from "./catalog/calendly";
import { closeEntry } from "./catalog/close";
import { gongEntry } from "./catalog/gong";
import { googleWorkspaceEntry } from "./catalog/google";
import { hubspotEntry } from "./catalog/hubspot";
import { intercomEntry } from "./catalog/intercom";
import { microsoftEntraEntry } from "./catalog/microsoft";
import { outreachEntry } from "./catalog/outreach";
import { pipedriveEntry } from "./catalog/pipedrive";
import { salesforceEntryProduction, salesforceEntrySandbox } from "./catalog/salesforce";
import { salesloftEntry } from "./catalog/salesloft";
import { slackEntry } from "./catalog/slack";
import { zohoCrmEntry } from "./catalog/zoho";
import { zoomEntry } from "./catalog/zoom";
import type { ProviderEntry } from "./provider-entry-schema";

export { demoProviderEntry, type DemoProviderEntryOptions } from "./catalog/demo";

/** The shipped GTM providers. The demo provider is not here: its URLs depend on where it runs (demoProviderEntry). */
export const catalog: readonly ProviderEntry[] = Object.freeze([
  hubspotEntry,
  salesforceEntryProduction,
  salesforceEntrySandbox,
  googleWorkspaceEntry,
  microsoftEntraEntry,
  outreachEntry,
  salesloftEntry,
  pipedriveEntry,
  zohoCrmEntry,
  closeEntry,
  slackEntry,
  gongEntry,
  zoomEntry,
  intercomEntry,
  attioEntry,
  airtableEntry,
  calendlyEntry,
]);

/** The shipped catalog entry with this id, or undefined. */
export function findProvider(id: string): ProviderEntry | undefined {
  return catalog.find((entry) => entry.id === id);
}
