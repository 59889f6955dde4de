/** Shared zod fields for action inputs (strict formats: the values come from the model). */
import { z } from 'zod';

/** IAM user/role/group names: letters, digits and +=,.@_- up to 64 (128 for roles/groups). */
export const USER_NAME = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'an IAM user name: 1-64 letters, digits or +=,.@_-');
export const IAM_NAME = z.string().regex(/^[\w+=,.@-]{1,128}$/, 'an IAM name: 1-128 letters, digits or +=,.@_-');
export const ACCESS_KEY_ID = z.string().regex(/^AKIA[A-Z0-9]{12,124}$/, 'a long-term access key id starting with AKIA');
export const INSTANCE_ID = z
  .string()
  .regex(/^i-([0-9a-f]{8}|[0-9a-f]{17})$/, 'an EC2 instance id, e.g. i-0123456789abcdef0');
