/** The `trailhound` CLI: the contract every surface shares. */
import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { type CommandEntry, commandIndex, requestedCommand } from './commands/index';
import { defaultDataDir } from '../data-dir';
import { UserFacingError } from '../errors';
import { CliError } from './errors';
import { EXIT, EXIT_CODES_HELP } from './exit-codes';

function newProgram(): Command {
  return new Command('trailhound')
    .description('Chat-driven AWS security investigations: CloudTrail, IAM, posture, and human-approved remediation.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Data: the embedded database lives in ${dataDirForHelp()}/pgdata
      (TRAILHOUND_DATA_DIR overrides; DATABASE_URL=postgres://… uses PostgreSQL instead).
Configuration: environment variables or ./.env — see .env.example.
${EXIT_CODES_HELP}`,
    );
}

/** A listing-only entry for `--help` and "did you mean" (never run: a named command loads its module). */
function registerStub(program: Command, e: CommandEntry): void {
  const c = program.command(e.args ? `${e.name} ${e.args}` : e.name).summary(e.summary);
  c.addOption(new Option('--options').hideHelp()); // so the listing says "[options]" as the real one does
}

/**
 * The program for a command line: the module of the command it names, fully; every other command
 * as a one-line entry. `argv` is process.argv; without it every module is loaded (tests, docs).
 */
export async function buildProgram(argv?: string[]): Promise<Command> {
  const program = newProgram();
  const wanted = argv ? requestedCommand(argv.slice(2)) : undefined;
  const entry = commandIndex.find((e) => e.name === wanted);
  const modules = argv ? (entry ? [entry.load] : []) : [...new Set(commandIndex.map((e) => e.load))];
  for (const load of modules) (await load()).register(program);
  for (const e of commandIndex) if (!program.commands.some((c) => c.name() === e.name)) registerStub(program, e);
  // Listed in the index's order whatever was loaded.
  const order = new Map(commandIndex.map((e, i) => [e.name, i]));
  (program.commands as Command[]).sort((a, b) => (order.get(a.name()) ?? 1e9) - (order.get(b.name()) ?? 1e9));
  return program;
}

/** Loads ./.env when present (variables already set in the environment win). */
function loadDotEnv(): void {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
}

/** Errors whose message is the whole story (no "Unexpected error" prefix, no stack). */
const KNOWN_ERRORS = [
  'CliError',
  'EmbeddedDbLockedError',
  'ConfigError',
  'InvalidAccountError',
  'ToolError',
  'EvidenceError',
  'AwsReadError',
  'WindowError',
];

let stdoutGuarded = false;

/**
 * `trailhound … | head -1`: when the reader closes early, writing to stdout fails with EPIPE on
 * an 'error' event; unhandled, Node prints a stack and exits 1. A closed reader means nobody wants
 * the rest, so stop quietly with 0, as `ls | head` does. Other stdout errors keep failing loudly.
 */
export function quietOnClosedStdout(stream: NodeJS.WriteStream = process.stdout, exit = process.exit): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    exit(EXIT.ok);
  });
}

export async function main(argv: string[]): Promise<void> {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    quietOnClosedStdout();
  }
  loadDotEnv();
  const program = await buildProgram(argv);
  // On every command, so a subcommand's parse error (unknown option) also reaches the catch below.
  const override = (c: Command): void => {
    c.exitOverride();
    for (const sub of c.commands) override(sub);
  };
  override(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every parse error (unknown command or option, missing argument) is usage.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const known =
      err instanceof UserFacingError || err instanceof CliError || KNOWN_ERRORS.includes((err as Error)?.name);
    process.stderr.write(`${known ? '' : 'Unexpected error: '}${(err as Error)?.message ?? String(err)}\n`);
    if (!known && process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(err as Error)?.stack}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : EXIT.error;
  }
}

/** The data folder as the help shows it (the configured one, else the per-user default). */
function dataDirForHelp(): string {
  return process.env.TRAILHOUND_DATA_DIR?.trim() || defaultDataDir();
}
