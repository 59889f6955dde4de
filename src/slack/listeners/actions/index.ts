import type { App } from '@slack/bolt';
import { ACTION } from '../../ids';
import { approve } from './approve';
import { homeRefresh } from './home-refresh';
import { proposeRemediation } from './propose-remediation';
import { reject } from './reject';
import { retry } from './retry';

export function register(app: App): void {
  app.action(ACTION.approve, approve);
  app.action(ACTION.reject, reject);
  app.action(ACTION.retry, retry);
  app.action(ACTION.proposeRemediation, proposeRemediation);
  app.action(ACTION.homeRefresh, homeRefresh);
}
