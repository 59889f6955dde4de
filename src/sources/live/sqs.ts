/**
 * SQS queues, live, per region: ListQueues (paginated, 1,000 a page), then GetQueueAttributes
 * (All) per queue, 8 at a time (policy, KmsMasterKeyId, SqsManagedSseEnabled, QueueArn). Calls ≈
 * pages + queues. Throttling is retried by the SDK (adaptive); a failing GetQueueAttributes leaves
 * that queue unchecked.
 */
import { GetQueueAttributesCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import type { SnapshotWarning } from '../../posture/regional';
import type { SqsQueue, WorkloadParts } from '../../posture/workloads';
import { queueAttributes } from '../evidence/workload-shapes';
import { eachItem, FailureTally } from './per-item';
import { readPart, REGION_FATAL } from './read-part';

export async function loadSqsLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: Pick<WorkloadParts, 'sqsQueues'>; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const client = awsClient(SQSClient, account, region, opts);
  const listed = await readPart(account, region, 'sqs:ListQueues', ['sqsQueues'], async () => {
    const list: SqsQueue[] = [];
    for await (const p of paginateListQueues({ client, pageSize: 1000 }, {}))
      for (const QueueUrl of p.QueueUrls ?? []) list.push({ QueueUrl, read: false });
    return list;
  });
  if (!('value' in listed))
    return { region: {}, warnings: [listed.warning], regionFailed: REGION_FATAL.includes(listed.kind) };
  const tally = new FailureTally();
  await eachItem(listed.value, async (q) => {
    const r = await readPart(account, region, 'sqs:GetQueueAttributes', ['sqsQueues'], async () =>
      queueAttributes(
        (await client.send(new GetQueueAttributesCommand({ QueueUrl: q.QueueUrl, AttributeNames: ['All'] })))
          .Attributes ?? {},
      ),
    );
    if ('value' in r) Object.assign(q, r.value, { read: true });
    else tally.fail(r, q.QueueUrl);
  });
  return { region: { sqsQueues: listed.value }, warnings: tally.warnings('queue'), regionFailed: false };
}
