/** An error whose message is already what the user should read (no stack trace), with its exit code. */
import { UserFacingError } from '../errors';
export class CliError extends UserFacingError {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
