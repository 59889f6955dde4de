/**
 * Errors a person can act on, shared by every layer: the message says what went wrong and what to
 * do. Surfaces print them as they are (no stack trace); tool runs return them as the tool's error.
 */

/** A failure the model (or the person at the CLI) can act on; the text says what to do. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
