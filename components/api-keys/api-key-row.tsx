"use client";
import { useState } from "react";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill, type Tone } from "@/components/ui/status-pill";
import type { ActionState } from "@/lib/server/actions/action-state";

export type ApiKeyRowData = {
  id: string;
  name: string;
  masked: string;
  mode: "live" | "test";
  scope: { id: string; name: string | null; deleted: boolean }[];
  tags: string[];
  connections: { id: string; label: string | null; provider: string | null; unavailable: boolean }[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  state: "active" | "expired" | "revoked";
};

const stateTone: Record<ApiKeyRowData["state"], Tone> = { active: "ok", expired: "warn", revoked: "bad" };

function RevokeButton({ apiKey, revoke }: { apiKey: ApiKeyRowData; revoke: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button type="button" variant="danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${apiKey.name}`}>
        Revoke
      </Button>
    );
  }
  return (
    <ActionForm action={revoke} showSuccess={false} className="flex flex-wrap items-center gap-2">
      {(_s, pending) => (
        <>
          <input type="hidden" name="apiKeyId" value={apiKey.id} />
          <span className="text-sm text-zinc-700 dark:text-zinc-300">Tools using this key stop working at once.</span>
          <Button type="submit" variant="danger" disabled={pending}>{pending ? "Revoking…" : "Yes, revoke"}</Button>
          <Button type="button" variant="ghost" onClick={() => setConfirming(false)} disabled={pending}>Cancel</Button>
        </>
      )}
    </ActionForm>
  );
}

export function ApiKeyRow({ apiKey, revoke }: { apiKey: ApiKeyRowData; revoke: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <li className="py-4" data-testid="api-key-row" data-state={apiKey.state}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
            {apiKey.name}
            <StatusPill tone={stateTone[apiKey.state]}>{apiKey.state}</StatusPill>
            <StatusPill tone="neutral">{apiKey.mode}</StatusPill>
          </p>
          <p className="font-mono text-xs text-zinc-600 dark:text-zinc-400" data-testid="api-key-masked">{apiKey.masked}</p>
          {apiKey.scope.length > 0 && (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Reads:{" "}
              {apiKey.scope.map((s, i) => (
                <span key={s.id}>
                  {i > 0 && ", "}
                  {s.deleted ? <span className="line-through" title="This credential was deleted">{s.name ?? "unknown credential"} (deleted)</span> : s.name}
                </span>
              ))}
            </p>
          )}
          {apiKey.tags.length > 0 && (
            <p className="flex flex-wrap items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="api-key-tags">
              {apiKey.scope.length > 0 ? "And credentials tagged:" : "Reads credentials tagged:"}
              {apiKey.tags.map((t) => (
                <StatusPill key={t} tone="neutral">{t}</StatusPill>
              ))}
            </p>
          )}
          {apiKey.connections.length > 0 && (
            <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="api-key-connections">
              Uses {apiKey.connections.length === 1 ? "1 connection" : `${apiKey.connections.length} connections`}:{" "}
              {apiKey.connections.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && ", "}
                  {c.unavailable ? (
                    <span className="line-through" title="This connection was disconnected or deleted">
                      {c.label ?? "unknown connection"} (disconnected)
                    </span>
                  ) : (
                    <>
                      {c.label}
                      {c.provider && <span className="text-zinc-500 dark:text-zinc-500"> ({c.provider})</span>}
                    </>
                  )}
                </span>
              ))}
            </p>
          )}
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Created <RelativeTime value={apiKey.createdAt} /> · last used <RelativeTime value={apiKey.lastUsedAt} /> ·{" "}
            {apiKey.state === "revoked" ? (
              <>revoked <RelativeTime value={apiKey.revokedAt} /></>
            ) : apiKey.expiresAt ? (
              <>{apiKey.state === "expired" ? "expired" : "expires"} <RelativeTime value={apiKey.expiresAt} /></>
            ) : (
              "never expires"
            )}
          </p>
        </div>
        {apiKey.state !== "revoked" && <RevokeButton apiKey={apiKey} revoke={revoke} />}
      </div>
    </li>
  );
}
