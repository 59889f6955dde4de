/**
 * `cloudtrail athena-setup`: the organization trail table's DDL (src/sources/athena/ddl.ts) for the
 * registered accounts (or those given), and with apply, runs it on Athena.
 */
import type { Config } from '../config';
import { createTableSql, type TableSetup } from '../sources/athena/ddl';
import { type AthenaRun, runAthenaQuery } from '../sources/athena/query';
import { athenaSettings } from './build-context';

export interface AthenaSetupResult {
  sql: string;
  applied?: { queryId: string; state: string; bytesScanned: number };
}

export async function athenaSetup(
  setup: TableSetup,
  o: { apply?: boolean; config: Config; externalId: string; run?: typeof runAthenaQuery; pollMs?: number },
): Promise<AthenaSetupResult> {
  const sql = createTableSql(setup);
  if (!o.apply) return { sql };
  const s = athenaSettings(o.config);
  const settings =
    typeof s === 'string'
      ? {
          workgroup: o.config.TRAILHOUND_ATHENA_WORKGROUP ?? 'primary',
          outputLocation: o.config.TRAILHOUND_ATHENA_OUTPUT_LOCATION,
          database: setup.database,
          table: setup.table,
          region: o.config.TRAILHOUND_ATHENA_REGION ?? process.env.AWS_REGION ?? 'us-east-1',
        }
      : { ...s, database: setup.database, table: setup.table };
  const r: AthenaRun = await (o.run ?? runAthenaQuery)(sql, settings, { externalId: o.externalId, pollMs: o.pollMs });
  return { sql, applied: { queryId: r.queryId, state: r.state, bytesScanned: r.bytesScanned } };
}
