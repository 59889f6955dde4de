import type { App } from '@slack/bolt';
import { VIEW } from '../../ids';
import { rejectSubmission } from './reject-submission';

export function register(app: App): void {
  app.view(VIEW.rejectModal, rejectSubmission);
}
