import { functionArn, invokeGrants } from '../helpers/lambda';
import { withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'lambda-function-policy-public',
  title: 'Lambda function policy lets anyone invoke the function',
  severity: 'critical',
  service: 'lambda',
  rationale:
    'A resource-policy statement for Principal "*" without a condition pinning the caller (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID…) lets any AWS account invoke the function — running its code with its role, on input the attacker chooses, at your cost.',
  remediation:
    'Remove the statement, or re-add it for the one service or account that needs it with a source condition:\n' +
    'aws lambda get-policy --region REGION --function-name FUNCTION  # find the statement id\n' +
    'aws lambda remove-permission --region REGION --function-name FUNCTION --statement-id SID\n' +
    'aws lambda add-permission --region REGION --function-name FUNCTION --statement-id SID --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::BUCKET --source-account ACCOUNT_ID',
  needs: ['region.lambdaFunctions'],
  evaluate(s) {
    const { functions, unchecked } = invokeGrants(s);
    const findings = functions
      .filter((f) => f.public.length)
      .map(({ region, fn, public: grants }) => ({
        resourceId: functionArn(s, region, fn),
        resourceType: 'AWS::Lambda::Function',
        region,
        message: `Lambda function ${fn.FunctionName} in ${region}: its policy lets any AWS principal invoke it (${grants.map((g) => g.sid ?? '(no Sid)').join(', ')}).`,
        detail: {
          statements: grants.map((g) => g.sid ?? '(no Sid)'),
          actions: [...new Set(grants.flatMap((g) => g.actions))],
        },
      }));
    return withUnchecked(findings, unchecked);
  },
});
