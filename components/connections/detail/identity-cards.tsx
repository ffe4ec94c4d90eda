import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";

export type IdentityProps = {
  who: string;
  clickedConnect: string | null;
  authorizedAt: string | null;
  owner: string | null;
  workflows: string[];
  hasAccessToken: boolean;
  accessTokenExpiresAt: string | null;
  hasRefreshToken: boolean;
  refreshTokenIssuedAt: string | null;
  tokenType: string | null;
  method: string;
};

const dt = "text-zinc-500 dark:text-zinc-400";

/** Who authorized the connection and who owns it; which tokens it holds (never the tokens themselves). */
export function IdentityCards(p: IdentityProps) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Who authorized it">
        <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-2 gap-y-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)] [&_dd]:[overflow-wrap:anywhere]">
          <dt className={dt}>Provider account</dt><dd data-testid="authorized-account">{p.who}</dd>
          <dt className={dt}>Clicked Connect</dt><dd>{p.clickedConnect ?? "—"}</dd>
          <dt className={dt}>When</dt><dd><RelativeTime value={p.authorizedAt} /></dd>
          <dt className={dt}>Owner</dt><dd data-testid="connection-owner">{p.owner ?? "nobody"}</dd>
          <dt className={dt}>Workflows</dt><dd data-testid="connection-workflows">{p.workflows.length ? p.workflows.join(", ") : "none labelled"}</dd>
        </dl>
      </Card>
      <Card title="Tokens" description="Stored encrypted; never shown.">
        <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-2 gap-y-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)] [&_dd]:[overflow-wrap:anywhere]">
          <dt className={dt}>Access token</dt><dd data-testid="access-expiry">{p.hasAccessToken ? <>expires <RelativeTime value={p.accessTokenExpiresAt} /></> : "none"}</dd>
          <dt className={dt}>Refresh token</dt><dd data-testid="refresh-token">{p.hasRefreshToken ? <>issued <RelativeTime value={p.refreshTokenIssuedAt} /></> : "none"}</dd>
          <dt className={dt}>Token type</dt><dd>{p.tokenType ?? "—"}</dd>
          <dt className={dt}>Method</dt><dd>{p.method.replace(/_/g, " ")}</dd>
        </dl>
      </Card>
    </div>
  );
}
