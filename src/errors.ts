/**
 * Errors a person can act on, shared by every layer. A `UserFacingError`'s message is written for
 * the reader (a person at the CLI, an analyst in Slack, or the model): what went wrong and what to
 * do. Surfaces show it as it is, without "unexpected" and without a stack trace; any other error is
 * a defect and is reported as unexpected. Recognise them with `instanceof UserFacingError`, never
 * by name.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A failure the model (or the person at the CLI) can act on; the text says what to do. */
export class ToolError extends UserFacingError {}
