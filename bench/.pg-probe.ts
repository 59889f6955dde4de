import { PGlite } from '@electric-sql/pglite';
const dir = process.argv[2] ?? 'memory://';
const conf = process.env.CONF ? process.env.CONF.split(';') : undefined;
const t = performance.now();
const pg = new PGlite(dir, { postgresqlconf: conf, relaxedDurability: !!process.env.RELAXED, initDbStartParams: process.env.IDB ? process.env.IDB.split(' ') : undefined });
await pg.waitReady;
console.log('ready', Math.round(performance.now() - t), 'ms rss', Math.round(process.memoryUsage().rss / 1048576));
console.log(JSON.stringify((await pg.query("select name, setting from pg_settings where name in ('shared_buffers','wal_buffers')")).rows));
await pg.close();
