/**
 * The error a command throws for bad usage or an unusable input file: the command prints its message and exits 1.
 */
export class UsageError extends Error {
  /**
   * @param message what is wrong and how to fix it
   * @param helpFor the command whose `--help` the message should point to, when the arguments were wrong
   */
  constructor(message: string, readonly helpFor?: string) {
    super(message);
    this.name = "UsageError";
  }
}
