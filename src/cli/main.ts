/** The `trailhound` CLI: the contract every surface shares. */
import { existsSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { UserFacingError } from '../errors';
import { commandModules } from './commands/index';
import { CliError } from './errors';

export function buildProgram(): Command {
  const program = new Command('trailhound')
    .description('Chat-driven AWS security investigations: CloudTrail, IAM, posture, and human-approved remediation.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  for (const m of commandModules) m.register(program);
  return program;
}

/** Loads ./.env when present (variables already set in the environment win). */
function loadDotEnv(): void {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
}

export async function main(argv: string[]): Promise<void> {
  loadDotEnv();
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    const known = err instanceof UserFacingError;
    process.stderr.write(`${known ? '' : 'Unexpected error: '}${(err as Error)?.message ?? String(err)}\n`);
    if (!known && process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(err as Error)?.stack}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  }
}
