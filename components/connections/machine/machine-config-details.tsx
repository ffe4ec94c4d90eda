import type { ReactNode } from "react";
import type { MachineConfigView } from "@/lib/server/connect/machine/machine-config-view";

function Row({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
      <dd className="break-all" data-testid={testId}>{children}</dd>
    </>
  );
}

const scopesText = (scopes: string[]) => (scopes.length > 0 ? <code className="text-xs">{scopes.join(" ")}</code> : "none requested");

function expiryText(expiry: Extract<MachineConfigView, { method: "jwt_login" }>["expiry"]): string {
  if (expiry.source === "configured") return `${expiry.seconds} s after each login (configured)`;
  if (expiry.source === "response") return `read from the response at ${expiry.path}`;
  return "the token's own exp claim, when it is a JWT";
}

/** The non-secret settings a machine connection renews with; secrets are only said to exist. */
export function MachineConfigDetails({ view }: { view: MachineConfigView }) {
  return (
    <dl className="grid grid-cols-[11rem_1fr] gap-y-2 text-sm" data-testid="machine-config">
      {view.method === "client_credentials" && (
        <>
          <Row term="Token URL" testId="config-token-url"><code className="text-xs">{view.tokenUrl}</code></Row>
          <Row term="Client ID" testId="config-client-id"><code className="text-xs">{view.clientId}</code></Row>
          <Row term="Client authentication">{view.authMethod}{view.authMethod === "private_key_jwt" ? " (private key stored encrypted)" : " (secret stored encrypted)"}</Row>
          {view.keyId && <Row term="Key id">{view.keyId}</Row>}
          <Row term="Scopes requested">{scopesText(view.scopes)}</Row>
        </>
      )}
      {view.method === "jwt_bearer" && (
        <>
          <Row term="Service account" testId="config-service-account">{view.serviceAccountEmail}</Row>
          <Row term="Key id">{view.keyId} (private key stored encrypted)</Row>
          {view.projectId && <Row term="Project">{view.projectId}</Row>}
          <Row term="Acts as">{view.subject ?? "the service account itself"}</Row>
          <Row term="Token URL"><code className="text-xs">{view.tokenUrl}</code></Row>
          <Row term="Scopes requested">{scopesText(view.scopes)}</Row>
        </>
      )}
      {view.method === "jwt_login" && (
        <>
          <Row term="Login request" testId="config-login-url"><code className="text-xs">{view.httpMethod} {view.loginUrl}</code></Row>
          <Row term="Headers sent">{view.headerNames.length > 0 ? `${view.headerNames.join(", ")} (values stored encrypted)` : "none"}</Row>
          <Row term="Body">{view.hasBody ? `stored encrypted${view.removeNulls ? ", null fields removed" : ""}` : "none"}</Row>
          <Row term="Token path" testId="config-token-path"><code className="text-xs">{view.tokenPath}</code></Row>
          <Row term="Sent as"><code className="text-xs">{view.headerName}: {view.tokenType ? `${view.tokenType} ` : ""}&lt;token&gt;</code></Row>
          <Row term="Expiry">{expiryText(view.expiry)}</Row>
        </>
      )}
    </dl>
  );
}
