/**
 * Lambda, live, per region: ListFunctions (paginated, 50 a page), then per function, 8 at a time,
 * GetPolicy (ResourceNotFoundException = no policy) and ListFunctionUrlConfigs. Calls ≈ pages +
 * 2 × functions, well under Lambda's control-plane quota (15 requests/s for these reads; the SDK's
 * adaptive retries absorb throttling). Environment variable VALUES are dropped here, before
 * anything else sees them: only names are kept.
 */
import {
  GetPolicyCommand,
  LambdaClient,
  paginateListFunctions,
  paginateListFunctionUrlConfigs,
} from '@aws-sdk/client-lambda';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import { decodePolicyDocument } from '../../iam/policy-document';
import type { SnapshotWarning } from '../../posture/regional';
import type { LambdaFunction, WorkloadParts } from '../../posture/workloads';
import { functionOf } from '../evidence/workload-shapes';
import { absentOn, eachItem, FailureTally } from './per-item';
import { readPart, REGION_FATAL } from './read-part';

export async function loadLambdaLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ region: Pick<WorkloadParts, 'lambdaFunctions'>; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const client = awsClient(LambdaClient, account, region, opts);
  const listed = await readPart(account, region, 'lambda:ListFunctions', ['lambdaFunctions'], async () => {
    const list: LambdaFunction[] = [];
    for await (const p of paginateListFunctions({ client, pageSize: 50 }, {}))
      for (const f of p.Functions ?? []) {
        const fn = functionOf(f as never);
        if (fn) list.push(fn);
      }
    return list;
  });
  if (!('value' in listed))
    return { region: {}, warnings: [listed.warning], regionFailed: REGION_FATAL.includes(listed.kind) };
  const tally = new FailureTally();
  await eachItem(listed.value, async (fn) => {
    const FunctionName = fn.FunctionName;
    const [pol, urls] = await Promise.all([
      readPart(account, region, 'lambda:GetPolicy', ['lambdaFunctions'], () =>
        client
          .send(new GetPolicyCommand({ FunctionName }))
          .then(
            (o) => (o.Policy ? decodePolicyDocument(o.Policy) : null),
            absentOn(['ResourceNotFoundException'], null),
          ),
      ),
      readPart(account, region, 'lambda:ListFunctionUrlConfigs', ['lambdaFunctions'], async () => {
        const list: { FunctionUrl?: string; AuthType?: string }[] = [];
        for await (const p of paginateListFunctionUrlConfigs({ client, pageSize: 50 }, { FunctionName }))
          for (const u of p.FunctionUrlConfigs ?? []) list.push({ FunctionUrl: u.FunctionUrl, AuthType: u.AuthType });
        return list;
      }),
    ]);
    if ('value' in pol) fn.Policy = pol.value;
    else tally.fail(pol, FunctionName);
    if ('value' in urls) fn.Urls = urls.value;
    else tally.fail(urls, FunctionName);
  });
  return { region: { lambdaFunctions: listed.value }, warnings: tally.warnings('function'), regionFailed: false };
}
