/**
 * What went wrong reading a live export: one line per problem, naming the file, the record and the field, so a user
 * with a folder of a thousand tenants' exports finds it; the rest of the input is still read.
 */

/** One problem with the input: the record or setting it names was skipped (or, where the message says so, simplified). */
export interface LiveProblem {
  /** The file, as given on the command line or found in a folder. */
  readonly file: string;
  /** The record: `record 3` (1-based, in file order) and, when known, its kind and name. */
  readonly record?: string;
  /** The field (property) of the record, as Exchange names it, e.g. `SenderIPAddresses`. */
  readonly field?: string;
  /** What is wrong and what to do. */
  readonly message: string;
}

/** The problem as one line: `file: record 3 (inbound connector "X"): SenderIPAddresses: message`, without line breaks. */
export function formatProblem(problem: LiveProblem): string {
  const parts = [problem.file, problem.record, problem.field, problem.message].filter((p): p is string => p !== undefined && p !== "");
  return parts.join(": ").replace(/[\r\n]+/g, " ");
}

/** Thrown by a field reader: the record is skipped and the problem names the field. */
export class FieldError extends Error {
  /** @param field the property, as Exchange names it */
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = "FieldError";
  }
}
