import "server-only";
import { createServer } from "node:net";

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly what: string, readonly envVar: string) {
    super(`Port ${port} is already in use, so ${what} cannot start. Stop the program using it, or choose another port: ${envVar}=${port + 1} npm start`);
    this.name = "PortInUseError";
  }
}

/** Resolves when `port` can be bound on `host`; rejects with a PortInUseError naming the setting to change. */
export function assertPortFree(port: number, host: string, what: string, envVar: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" || error.code === "EACCES" ? new PortInUseError(port, what, envVar) : error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** A free TCP port on loopback, chosen by the OS. */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
