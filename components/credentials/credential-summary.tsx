import { RelativeTime } from "@/components/ui/relative-time";
import { methodLabel } from "./credential-form-fields";
import { secretHintText } from "./credential-row";
import { RotationAge } from "./rotation-age";

/** What the detail page shows about a credential: metadata and the method's public settings. */
export type CredentialSummaryData = {
  method: string;
  provider: string;
  environment: string;
  ownerName: string | null;
  workflows: string[];
  peopleWithAccess: string[];
  sensitive: boolean;
  prefix: string | null;
  last4: string | null;
  createdAt: string;
  rotatedAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  rotationAgeDays: number;
  rotationIntervalDays: number;
  isRotationOverdue: boolean;
  /** Non-secret settings in words: header, scheme, username, location… */
  settings: { label: string; value: string }[];
};

const dt = "text-zinc-500 dark:text-zinc-400";

export function CredentialSummary({ data }: { data: CredentialSummaryData }) {
  return (
    <dl className="grid grid-cols-[11rem_1fr] gap-y-2 text-sm" data-testid="credential-summary">
      <dt className={dt}>Method</dt><dd>{methodLabel(data.method)}</dd>
      <dt className={dt}>Provider or system</dt><dd>{data.provider}</dd>
      <dt className={dt}>Environment</dt><dd>{data.environment}</dd>
      <dt className={dt}>Owner</dt><dd>{data.ownerName ?? "no owner"}</dd>
      <dt className={dt}>Workflows</dt><dd>{data.workflows.length > 0 ? data.workflows.join(", ") : "—"}</dd>
      <dt className={dt}>People with access</dt><dd className="break-words">{data.peopleWithAccess.length > 0 ? data.peopleWithAccess.join(", ") : "—"}</dd>
      <dt className={dt}>Secret</dt><dd className="font-mono text-xs">{secretHintText(data.prefix, data.last4) ?? <span className="font-sans text-zinc-500">{data.method === "track_only" ? "kept elsewhere" : "hidden (too short to show any characters)"}</span>}</dd>
      {data.settings.map((s) => (
        <div key={s.label} className="contents">
          <dt className={dt}>{s.label}</dt><dd className="break-all">{s.value}</dd>
        </div>
      ))}
      <dt className={dt}>Rotation age</dt><dd><RotationAge ageDays={data.rotationAgeDays} intervalDays={data.rotationIntervalDays} overdue={data.isRotationOverdue} /></dd>
      <dt className={dt}>Rotation policy</dt><dd>every {data.rotationIntervalDays} days{data.sensitive ? " (sensitive)" : ""}</dd>
      <dt className={dt}>Last rotated</dt><dd><RelativeTime value={data.rotatedAt} /></dd>
      <dt className={dt}>Added</dt><dd><RelativeTime value={data.createdAt} /></dd>
      <dt className={dt}>Last used</dt><dd><RelativeTime value={data.lastUsedAt} /></dd>
      {data.expiresAt && <><dt className={dt}>Expires</dt><dd><RelativeTime value={data.expiresAt} /></dd></>}
    </dl>
  );
}
