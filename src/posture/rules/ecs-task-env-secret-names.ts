import { readTaskDefinitions, taskName } from '../helpers/ecs';
import { withUnchecked } from '../helpers/s3';
import { secretLikeName } from '../helpers/workloads';
import { defineRule } from '../rule';

export default defineRule({
  id: 'ecs-task-env-secret-names',
  title: 'ECS task definition has plain environment variables named like secrets',
  severity: 'high',
  service: 'ecs',
  rationale:
    'Plain "environment" values of a task definition are readable by anyone with ecs:DescribeTaskDefinition (ReadOnlyAccess has it) in every revision forever. Variables named like passwords, tokens or keys there (rather than in "secrets", injected from Secrets Manager or Parameter Store) suggest secrets in plain text. Only names are read; values are never read or stored.',
  remediation:
    'Store the value in Secrets Manager and reference it from the container\'s "secrets" list instead of "environment", then register a new revision (and deregister the old ones, which keep the value):\n' +
    'aws secretsmanager create-secret --region REGION --name FAMILY/VARIABLE --secret-string file://value.txt\n' +
    'aws ecs register-task-definition --region REGION --cli-input-json file://td.json  # "secrets": [{"name": "VARIABLE", "valueFrom": "<secret ARN>"}]\n' +
    'aws ecs deregister-task-definition --region REGION --task-definition FAMILY:OLD_REVISION',
  needs: ['region.ecsTaskDefinitions'],
  evaluate(s) {
    const { defs, unchecked } = readTaskDefinitions(s);
    const findings = defs.flatMap(({ region, td }) => {
      const hits = (td.containers ?? []).flatMap((c) =>
        (c.environmentNames ?? []).filter(secretLikeName).map((n) => `${c.name ?? '(unnamed)'}:${n}`),
      );
      if (!hits.length) return [];
      return [
        {
          resourceId: td.taskDefinitionArn,
          resourceType: 'AWS::ECS::TaskDefinition',
          region,
          message: `ECS task definition ${taskName(td)} in ${region} has plain environment variable(s) named like secrets: ${hits.slice(0, 5).join(', ')}${hits.length > 5 ? ', …' : ''}.`,
          detail: { variables: hits },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
