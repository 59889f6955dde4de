import { functionArn, invokeGrants } from '../helpers/lambda';
import { withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'lambda-function-policy-cross-account',
  title: 'Lambda function policy lets another account invoke the function',
  severity: 'medium',
  service: 'lambda',
  rationale:
    'A statement granting lambda:InvokeFunction to another account (not pinned to your organization with aws:PrincipalOrgID) lets principals you do not manage run the function with its role; review that every such account is known and still needs it.',
  remediation:
    'Remove the statement if the account is unknown or no longer needs it, or narrow it to your organization:\n' +
    'aws lambda remove-permission --region REGION --function-name FUNCTION --statement-id SID\n' +
    'aws lambda add-permission --region REGION --function-name FUNCTION --statement-id SID --action lambda:InvokeFunction --principal "*" --principal-org-id o-EXAMPLE',
  needs: ['region.lambdaFunctions'],
  evaluate(s) {
    const { functions, unchecked } = invokeGrants(s);
    const findings = functions
      .filter((f) => f.crossAccount.length)
      .map(({ region, fn, crossAccount: grants }) => {
        const accounts = [...new Set(grants.map((g) => g.accountId ?? g.principal))];
        return {
          resourceId: functionArn(s, region, fn),
          resourceType: 'AWS::Lambda::Function',
          region,
          message: `Lambda function ${fn.FunctionName} in ${region} can be invoked by account(s) ${accounts.join(', ')}.`,
          detail: { accounts, statements: grants.map((g) => g.sid ?? '(no Sid)') },
        };
      });
    return withUnchecked(findings, unchecked);
  },
});
