import type { Command } from 'commander';
import { withApp } from '../app';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('Apply database migrations (PostgreSQL via DATABASE_URL, or the embedded database).')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      await withApp(async (app) => {
        const msg = { ok: true, backend: app.db.kind, where: app.db.where };
        if (o.json) console.log(JSON.stringify(msg));
        else console.log(`Migrations applied (${app.db.kind}: ${app.db.where}).`);
      });
    });
}
