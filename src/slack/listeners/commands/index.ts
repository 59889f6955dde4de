import type { App } from '@slack/bolt';
import { COMMAND } from '../../ids';
import { trailhound } from './trailhound';

export function register(app: App): void {
  app.command(COMMAND, trailhound);
}
