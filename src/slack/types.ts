/** Slack SDK types re-exported through @slack/bolt (the only Slack package we depend on directly). */
import type { types, webApi } from '@slack/bolt';

export type WebClient = webApi.WebClient;
export type KnownBlock = types.KnownBlock;
