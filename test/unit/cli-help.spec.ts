import { Command } from 'commander';
import { program } from '../../src/cli/main';

function all(command: Command, path: string[] = []): [string[], Command][] {
  return command.commands.flatMap((c) => [[[...path, c.name()], c] as [string[], Command], ...all(c, [...path, c.name()])]);
}

/** `--help` of the CLI and of each subcommand prints usage and a description, and exits 0. */
describe('CLI --help', () => {
  const commands: [string[], Command][] = [[[], program], ...all(program)];

  it.each(commands.map(([path, c]) => [path.join(' ') || '(program)', path, c]))('%s', async (_name, path, command) => {
    expect((command as Command).description()).not.toBe('');
    let out = '';
    let code: number | undefined;
    const cli = program.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    for (const [, c] of all(cli)) c.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    try {
      await cli.parseAsync(['node', 'mor', ...(path as string[]), '--help']);
    } catch (error) {
      code = (error as { exitCode?: number }).exitCode;
    }
    expect(code).toBe(0);
    expect(out).toContain(`Usage: mor ${(path as string[]).join(' ')}`.trimEnd());
    if ((path as string[]).length === 0) expect(out).toContain('DATABASE_URL');
  });
});
