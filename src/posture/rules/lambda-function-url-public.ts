import { functionArn } from '../helpers/lambda';
import { grantCovers, resourcePolicyAccess } from '../helpers/resource-policy';
import { withUnchecked } from '../helpers/s3';
import { itemsOf } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'lambda-function-url-public',
  title: 'Lambda function URL is public (AuthType NONE)',
  severity: 'high',
  service: 'lambda',
  rationale:
    'A function URL with AuthType NONE, together with the policy statement that allows "*" to call lambda:InvokeFunctionUrl, is an unauthenticated HTTPS endpoint on the internet: anyone can run the function with its role. Only intended public endpoints that authenticate requests themselves should look like this.',
  remediation:
    'Require IAM authentication on the URL (callers then sign requests), or delete the URL:\n' +
    'aws lambda update-function-url-config --region REGION --function-name FUNCTION --auth-type AWS_IAM\n' +
    'aws lambda delete-function-url-config --region REGION --function-name FUNCTION',
  needs: ['region.lambdaFunctions'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = itemsOf(s, 'lambdaFunctions').flatMap(({ region, item: fn }) => {
      if (fn.Urls === undefined) {
        unchecked.push(`${region} ${fn.FunctionName} (lambda:ListFunctionUrlConfigs failed)`);
        return [];
      }
      const open = fn.Urls.filter((u) => u.AuthType === 'NONE');
      if (!open.length) return [];
      // AuthType NONE still needs a public policy grant; an unreadable policy keeps the finding (and says so).
      const policyRead = fn.Policy !== undefined;
      const grants = policyRead
        ? resourcePolicyAccess(fn.Policy, s.account.accountId).public.filter((g) =>
            grantCovers(g, ['lambda:InvokeFunctionUrl']),
          )
        : [];
      if (policyRead && !grants.length) return [];
      return [
        {
          resourceId: functionArn(s, region, fn),
          resourceType: 'AWS::Lambda::Function',
          region,
          message: `Lambda function ${fn.FunctionName} in ${region} has a public function URL (AuthType NONE)${policyRead ? '' : '; its policy could not be read to confirm the public grant'}.`,
          detail: {
            urls: open.map((u) => u.FunctionUrl),
            policyRead,
            statements: grants.map((g) => g.sid ?? '(no Sid)'),
          },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
