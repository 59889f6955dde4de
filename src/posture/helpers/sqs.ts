/** SQS helpers (pure). */
import type { AccountSnapshot } from '../snapshot';
import type { SqsQueue } from '../workloads';
import { arnOf } from './workloads';

/** The queue's ARN (QueueArn attribute, else built from the URL's account and name). */
export function queueArn(s: AccountSnapshot, region: string, q: SqsQueue): string {
  if (q.QueueArn) return q.QueueArn;
  const [, account, name] = /\/(\d{12})\/([^/]+)$/.exec(q.QueueUrl) ?? [];
  return account && name ? `arn:aws:sqs:${region}:${account}:${name}` : arnOf(s, 'sqs', region, q.QueueUrl);
}
