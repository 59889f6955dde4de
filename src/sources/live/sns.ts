/**
 * SNS topics, live, per region: ListTopics (paginated, 100 a page), then GetTopicAttributes per
 * topic, 8 at a time (the topic policy and KmsMasterKeyId). Calls ≈ pages + topics. Throttling
 * is retried by the SDK (adaptive); a failing GetTopicAttributes leaves that topic unchecked.
 */
import { GetTopicAttributesCommand, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import type { SnapshotWarning } from '../../posture/regional';
import type { SnsTopic, WorkloadParts } from '../../posture/workloads';
import { topicAttributes } from '../evidence/workload-shapes';
import { eachItem, FailureTally } from './per-item';
import { readPart, REGION_FATAL } from './read-part';

export async function loadSnsLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: Pick<WorkloadParts, 'snsTopics'>; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const client = awsClient(SNSClient, account, region, opts);
  const listed = await readPart(account, region, 'sns:ListTopics', ['snsTopics'], async () => {
    const list: SnsTopic[] = [];
    for await (const p of paginateListTopics({ client }, {}))
      for (const t of p.Topics ?? []) if (t.TopicArn) list.push({ TopicArn: t.TopicArn, read: false });
    return list;
  });
  if (!('value' in listed))
    return { region: {}, warnings: [listed.warning], regionFailed: REGION_FATAL.includes(listed.kind) };
  const tally = new FailureTally();
  await eachItem(listed.value, async (t) => {
    const r = await readPart(account, region, 'sns:GetTopicAttributes', ['snsTopics'], async () => {
      return topicAttributes(
        (await client.send(new GetTopicAttributesCommand({ TopicArn: t.TopicArn }))).Attributes ?? {},
      );
    });
    if ('value' in r) Object.assign(t, r.value, { read: true });
    else tally.fail(r, t.TopicArn);
  });
  return { region: { snsTopics: listed.value }, warnings: tally.warnings('topic'), regionFailed: false };
}
