import "server-only";

/** A start-up problem the user can fix; the launcher prints its message without a stack. */
export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LaunchError";
  }
}
