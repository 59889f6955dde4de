import { functionArn } from '../helpers/lambda';
import { itemsOf, secretLikeName } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'lambda-env-secret-names',
  title: 'Lambda function environment variables look like secrets',
  severity: 'high',
  service: 'lambda',
  rationale:
    'Environment variables are returned in plain text to anyone with lambda:GetFunctionConfiguration (ReadOnlyAccess has it) and end up in CI logs and templates. Variables named like passwords, tokens or keys suggest secrets kept there instead of in Secrets Manager or Parameter Store. Only the names are read; values are never read or stored.',
  remediation:
    'Move the value to Secrets Manager (or a SecureString parameter), read it at start-up, and keep only its ARN in the variable:\n' +
    'aws secretsmanager create-secret --region REGION --name FUNCTION/VARIABLE --secret-string file://value.txt\n' +
    'aws lambda update-function-configuration --region REGION --function-name FUNCTION --environment "Variables={VARIABLE_SECRET_ARN=arn:aws:secretsmanager:…}"',
  needs: ['region.lambdaFunctions'],
  evaluate(s) {
    return itemsOf(s, 'lambdaFunctions').flatMap(({ region, item: fn }) => {
      const names = (fn.EnvironmentVariableNames ?? []).filter(secretLikeName);
      if (!names.length) return [];
      return [
        {
          resourceId: functionArn(s, region, fn),
          resourceType: 'AWS::Lambda::Function',
          region,
          message: `Lambda function ${fn.FunctionName} in ${region} has environment variable(s) named like secrets: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}.`,
          detail: { variables: names },
        },
      ];
    });
  },
});
