/** CIS 4.x metric filter and alarm — the control's events, pattern and fix are data in ../helpers/cis-alarms.ts. */
import { cisAlarmRule } from '../helpers/cis-alarms';
import { defineRule } from '../rule';

export default defineRule(cisAlarmRule('console-auth-failures'));
