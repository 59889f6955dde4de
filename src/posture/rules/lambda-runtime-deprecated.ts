import { functionArn } from '../helpers/lambda';
import { itemsOf, runtimeDeprecated } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'lambda-runtime-deprecated',
  title: 'Lambda function runs on a deprecated runtime',
  severity: 'medium',
  service: 'lambda',
  rationale:
    'After a runtime\'s deprecation date (AWS Lambda Developer Guide, "Lambda runtimes") AWS no longer applies security patches to it and the function is not eligible for technical support; later, updates to the function are blocked, so a fix cannot even be deployed.',
  remediation:
    'Move the function to a supported runtime of the same language (test first):\n' +
    'aws lambda update-function-configuration --region REGION --function-name FUNCTION --runtime python3.13',
  needs: ['region.lambdaFunctions'],
  evaluate(s) {
    return itemsOf(s, 'lambdaFunctions').flatMap(({ region, item: fn }) => {
      const since = runtimeDeprecated(fn.Runtime, s.collectedAt);
      if (!since) return [];
      return [
        {
          resourceId: functionArn(s, region, fn),
          resourceType: 'AWS::Lambda::Function',
          region,
          message: `Lambda function ${fn.FunctionName} in ${region} runs ${fn.Runtime}, deprecated by AWS on ${since}.`,
          detail: { runtime: fn.Runtime, deprecated: since },
        },
      ];
    });
  },
});
