import { readTaskDefinitions, taskName } from '../helpers/ecs';
import { withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'ecs-task-privileged',
  title: 'ECS task definition runs a privileged container',
  severity: 'high',
  service: 'ecs',
  rationale:
    "A privileged container gets every Linux capability and the host's devices: code running in it (or an attacker who compromises it) can take over the EC2 container instance and every other task on it.",
  remediation:
    'Register a new revision without "privileged": true (add only the capabilities the container needs with linuxParameters.capabilities.add), then update the service:\n' +
    'aws ecs describe-task-definition --region REGION --task-definition FAMILY --query taskDefinition > td.json  # edit, remove read-only fields, then\n' +
    'aws ecs register-task-definition --region REGION --cli-input-json file://td.json\n' +
    'aws ecs update-service --region REGION --cluster CLUSTER --service SERVICE --task-definition FAMILY',
  needs: ['region.ecsTaskDefinitions'],
  evaluate(s) {
    const { defs, unchecked } = readTaskDefinitions(s);
    const findings = defs.flatMap(({ region, td }) => {
      const names = (td.containers ?? []).filter((c) => c.privileged === true).map((c) => c.name ?? '(unnamed)');
      if (!names.length) return [];
      return [
        {
          resourceId: td.taskDefinitionArn,
          resourceType: 'AWS::ECS::TaskDefinition',
          region,
          message: `ECS task definition ${taskName(td)} in ${region} runs privileged container(s): ${names.join(', ')}.`,
          detail: { containers: names },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
