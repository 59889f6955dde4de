/** Every CLI command module; each exports register(program). */
import type { Command } from 'commander';
import * as accounts from './accounts';
import * as ask from './ask';
import * as cloudtrail from './cloudtrail';
import * as collect from './collect';
import * as demo from './demo';
import * as mcp from './mcp';
import * as migrate from './migrate';
import * as remediation from './remediation';
import * as scan from './scan';
import * as schedules from './schedules';
import * as serve from './serve';
import * as tools from './tools';

export const commandModules: { register(program: Command): void }[] = [
  demo,
  ask,
  tools,
  accounts,
  cloudtrail,
  collect,
  mcp,
  migrate,
  serve,
  remediation,
  scan,
  schedules,
];
