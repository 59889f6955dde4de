/** The `trailhound` CLI: the contract every surface shares. */
import { existsSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError, defaultDataDir } from '../config';
import { InvalidAccountError } from '../aws/accounts';
import { commandModules } from './commands/index';
import { CliError } from './errors';

export function buildProgram(): Command {
  const program = new Command('trailhound')
    .description('Chat-driven AWS security investigations: CloudTrail, IAM, posture, and human-approved remediation.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Data: the embedded database lives in ${dataDirForHelp()}/pgdata
      (TRAILHOUND_DATA_DIR overrides; DATABASE_URL=postgres://… uses PostgreSQL instead).
Configuration: environment variables or ./.env — see .env.example.`,
    );
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
    const known =
      err instanceof CliError ||
      err instanceof ConfigError ||
      err instanceof InvalidAccountError ||
      ['ToolError', 'EvidenceError', 'AwsReadError', 'WindowError'].includes((err as Error)?.name);
    process.stderr.write(`${known ? '' : 'Unexpected error: '}${(err as Error)?.message ?? String(err)}\n`);
    if (!known && process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(err as Error)?.stack}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  }
}

/** The data folder as the help shows it (the configured one, else the per-user default). */
function dataDirForHelp(): string {
  return process.env.TRAILHOUND_DATA_DIR?.trim() || defaultDataDir();
}
