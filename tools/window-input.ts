/**
 * The time-window fields the CloudTrail-reading tools share (`last`, or `start_time`/`end_time`),
 * resolved by resolveWindow (src/cloudtrail/time-window). Each tool words `last` for the model
 * (its default differs); the shape and validation are the same everywhere.
 */
import { z } from 'zod';

export function windowFields(o: { last: string; startExample?: string }) {
  return {
    last: z
      .string()
      .regex(/^\d+[mhdw]$/, 'must look like 24h, 7d or 2w (a number, then m, h, d or w)')
      .optional()
      .describe(o.last),
    start_time: z
      .string()
      .optional()
      .describe(`Window start, ISO 8601${o.startExample ? ` (e.g. ${o.startExample})` : ''}.`),
    end_time: z.string().optional().describe('Window end, ISO 8601; default now.'),
  };
}
