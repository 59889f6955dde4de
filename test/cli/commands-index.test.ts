/**
 * The command index (what `trailhound --help` lists without loading any command) against what the
 * command modules really register, and the program a command line builds: only the module it names.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandIndex, requestedCommand } from '../../src/cli/commands/index';
import { buildProgram } from '../../src/cli/main';

function argsOf(c: Command): string {
  return c.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(' ');
}

describe('command index', () => {
  it('names every command its modules register, with the same arguments, once', async () => {
    const registered = new Map<string, string>();
    for (const load of new Set(commandIndex.map((e) => e.load))) {
      const program = new Command();
      (await load()).register(program);
      for (const c of program.commands) registered.set(c.name(), argsOf(c));
    }
    const indexed = new Map(commandIndex.map((e) => [e.name, e.args ?? '']));
    expect(indexed.size).toBe(commandIndex.length);
    expect(Object.fromEntries(indexed)).toEqual(Object.fromEntries(registered));
  });

  it('each entry loads the module that registers that command', async () => {
    for (const e of commandIndex) {
      const program = new Command();
      (await e.load()).register(program);
      expect(
        program.commands.map((c) => c.name()),
        e.name,
      ).toContain(e.name);
    }
  });

  it('finds the command a command line names', () => {
    expect(requestedCommand(['ask', 'what happened?', '--json'])).toBe('ask');
    expect(requestedCommand(['--json', 'tool', 'x'])).toBe('tool');
    expect(requestedCommand(['help', 'scan'])).toBe('scan');
    expect(requestedCommand(['--help'])).toBeUndefined();
    expect(requestedCommand([])).toBeUndefined();
  });

  it('builds the named command fully and lists the others from the index', async () => {
    const program = await buildProgram(['node', 'trailhound', 'findings', '--json']);
    expect(program.commands.map((c) => c.name())).toEqual(commandIndex.map((e) => e.name));
    const findings = program.commands.find((c) => c.name() === 'findings')!;
    expect(findings.options.map((o) => o.long)).toContain('--severity');
    // Listed only: the summary, no real options.
    const ask = program.commands.find((c) => c.name() === 'ask')!;
    expect(ask.options.map((o) => o.long)).toEqual(['--options']);
    expect(ask.summary()).toBe(commandIndex.find((e) => e.name === 'ask')!.summary);
  });
});
