import "server-only";

/** Domain of every demo account's email address. */
export const demoEmailDomain = "demo.authpulse.local";

export interface DemoAccountClaims {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  given_name: string;
  family_name: string;
  preferred_username: string;
}

/** What oidc-provider's `findAccount` must return. */
export interface DemoAccount {
  accountId: string;
  claims(): Promise<DemoAccountClaims>;
}

/** Claims of the demo account whose id is the login name typed into the demo login form. */
export function demoAccountClaims(login: string): DemoAccountClaims {
  const given = login.charAt(0).toUpperCase() + login.slice(1);
  return {
    sub: login,
    email: `${login}@${demoEmailDomain}`,
    email_verified: true,
    name: `${given} Demo`,
    given_name: given,
    family_name: "Demo",
    preferred_username: login,
  };
}

/** oidc-provider `findAccount`: any non-empty login name is an account. */
export async function findDemoAccount(_ctx: unknown, sub: string): Promise<DemoAccount | undefined> {
  if (sub.trim() === "") return undefined;
  return { accountId: sub, claims: async () => demoAccountClaims(sub) };
}
