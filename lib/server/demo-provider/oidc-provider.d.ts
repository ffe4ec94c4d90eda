// oidc-provider 9 ships no type declarations. This declares only the small surface the demo
// provider uses; the configuration object itself is typed on our side (demo-provider-config.ts).
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export class OIDCProviderError extends Error {
    readonly status: number;
    readonly statusCode: number;
    readonly error: string;
    readonly error_description?: string;
    readonly expose: boolean;
  }

  export const errors: {
    readonly InvalidRequest: new (description?: string) => OIDCProviderError;
  };

  export class Provider {
    constructor(issuer: string, configuration?: object);
    readonly issuer: string;
    /** Koa request handler for node:http. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default Provider;
}
