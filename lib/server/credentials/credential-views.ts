import "server-only";
import { rotationAgeDays } from "@/lib/dashboard/rotation-age";
import type { Credential, CredentialVersion } from "../generated/prisma/client";
import { readSettings, type CredentialEnvironment, type CredentialMethod, type CredentialSettingsByMethod } from "./credential-settings";

// What screens and APIs may see of a credential: metadata, the prefix and last four, never a
// secret, a sealed value or a fingerprint.

export type CredentialVersionState = "active" | "overlap" | "retired";

export type CredentialVersionView = {
  id: string;
  version: number;
  state: CredentialVersionState;
  secretPrefix: string | null;
  secretLast4: string | null;
  /** Whether the version still holds a sealed secret (false once retired or for track-only). */
  hasSecret: boolean;
  createdById: string | null;
  createdAt: Date;
  overlapEndsAt: Date | null;
  retiredAt: Date | null;
};

type CredentialViewBase = {
  id: string;
  workspaceId: string;
  name: string;
  provider: string;
  environment: CredentialEnvironment;
  ownerId: string | null;
  workflows: string[];
  peopleWithAccess: string[];
  sensitive: boolean;
  rotationIntervalDays: number;
  createdAt: Date;
  rotatedAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** Whole days since the last rotation (or creation). */
  rotationAgeDays: number;
  isRotationOverdue: boolean;
  isExpired: boolean;
  /** The active version's hints, null when nothing is active. */
  current: { version: number; secretPrefix: string | null; secretLast4: string | null } | null;
  /** When the previous secret stops being valid, while a rotation overlap is running. */
  overlapEndsAt: Date | null;
};

/** A credential's metadata view; `settings` narrows with `method`. */
export type CredentialView = { [M in CredentialMethod]: CredentialViewBase & { method: M; settings: CredentialSettingsByMethod[M] } }[CredentialMethod];

/** The detail page's view: the metadata plus every version with its state. */
export type CredentialDetail = CredentialView & { versions: CredentialVersionView[] };

type VersionRow = Pick<CredentialVersion, "id" | "version" | "state" | "secretPrefix" | "secretLast4" | "secretSealed" | "createdById" | "createdAt" | "overlapEndsAt" | "retiredAt">;
type CredentialRow = Credential & { versions: VersionRow[] };

// One definition of rotation age for the credential screens and the Rotation age dashboard.
export { rotationAgeDays };

export function toVersionView(row: VersionRow): CredentialVersionView {
  return {
    id: row.id,
    version: row.version,
    state: row.state,
    secretPrefix: row.secretPrefix,
    secretLast4: row.secretLast4,
    hasSecret: row.secretSealed !== null,
    createdById: row.createdById,
    createdAt: row.createdAt,
    overlapEndsAt: row.overlapEndsAt,
    retiredAt: row.retiredAt,
  };
}

/** Builds the metadata view from a credential row and (at least) its active and overlap versions. */
export function toCredentialView(row: CredentialRow, now: Date): CredentialView {
  const active = row.versions.find((v) => v.state === "active");
  const overlap = row.versions.filter((v) => v.state === "overlap" && v.overlapEndsAt).sort((a, b) => b.overlapEndsAt!.getTime() - a.overlapEndsAt!.getTime())[0];
  const age = rotationAgeDays(row.rotatedAt, now);
  const view: CredentialViewBase & { method: CredentialMethod; settings: unknown } = {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    method: row.method,
    provider: row.provider,
    environment: row.environment,
    ownerId: row.ownerId,
    workflows: row.workflows,
    peopleWithAccess: row.peopleWithAccess,
    sensitive: row.sensitive,
    rotationIntervalDays: row.rotationIntervalDays,
    settings: readSettings(row.method, row.settings),
    createdAt: row.createdAt,
    rotatedAt: row.rotatedAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    rotationAgeDays: age,
    isRotationOverdue: age > row.rotationIntervalDays,
    isExpired: row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime(),
    current: active ? { version: active.version, secretPrefix: active.secretPrefix, secretLast4: active.secretLast4 } : null,
    overlapEndsAt: overlap?.overlapEndsAt ?? null,
  };
  return view as CredentialView;
}

/** The detail view: metadata plus every version, newest first. */
export function toCredentialDetail(row: CredentialRow, now: Date): CredentialDetail {
  const versions = [...row.versions].sort((a, b) => b.version - a.version).map(toVersionView);
  return { ...toCredentialView(row, now), versions };
}

/** The version columns views need (never the fingerprint; secretSealed only to say whether one exists). */
export const versionViewSelect = {
  id: true,
  version: true,
  state: true,
  secretPrefix: true,
  secretLast4: true,
  secretSealed: true,
  createdById: true,
  createdAt: true,
  overlapEndsAt: true,
  retiredAt: true,
} as const;
