import "server-only";
import type { ProviderEntry } from "@/lib/server/providers/provider-entry-schema";
import { forecastHardDeadline } from "./forecast";

/** The stored forecast columns of a connection (issue 6: "this breaks on the 14th and no refresh can save it"). */
export type DeadlineFields = { hardDeadlineAt: Date | null; hardDeadlineReason: string | null; hardDeadlineNote: string | null };

export const noDeadline: DeadlineFields = { hardDeadlineAt: null, hardDeadlineReason: null, hardDeadlineNote: null };

/** Forecast for an authorization-code connection from its catalog policy and token history; machine connections have none. */
export function connectionDeadline(
  entry: ProviderEntry | null,
  input: { connectedAt: Date; refreshTokenIssuedAt: Date | null; lastRefreshedAt: Date | null; hasRefreshToken: boolean; accessTokenExpiresAt: Date | null; specialCase?: string | null },
): DeadlineFields {
  if (entry === null) return noDeadline;
  const forecast = forecastHardDeadline({
    connectedAt: input.connectedAt,
    refreshTokenIssuedAt: input.refreshTokenIssuedAt ?? input.connectedAt,
    policy: entry.refreshTokenPolicy,
    specialCase: input.hasRefreshToken ? (input.specialCase ?? null) : null,
    lastRefreshedAt: input.hasRefreshToken ? (input.lastRefreshedAt ?? input.connectedAt) : null,
    accessTokenExpiresAtWithoutRefresh: input.hasRefreshToken ? null : input.accessTokenExpiresAt,
  });
  return forecast ? { hardDeadlineAt: forecast.at, hardDeadlineReason: forecast.reason, hardDeadlineNote: forecast.note } : noDeadline;
}
