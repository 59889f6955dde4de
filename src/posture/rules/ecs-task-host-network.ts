import { readTaskDefinitions, taskName } from '../helpers/ecs';
import { withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'ecs-task-host-network',
  title: 'ECS task definition uses host networking',
  severity: 'medium',
  service: 'ecs',
  rationale:
    'With networkMode "host" the containers share the instance\'s network stack: no per-task security group, every port they open is opened on the host, and they can reach the instance metadata service and the host\'s own listeners.',
  remediation:
    'Register a new revision with networkMode "awsvpc" (a network interface and security group per task), then update the service:\n' +
    'aws ecs describe-task-definition --region REGION --task-definition FAMILY --query taskDefinition > td.json  # set "networkMode": "awsvpc", then\n' +
    'aws ecs register-task-definition --region REGION --cli-input-json file://td.json',
  needs: ['region.ecsTaskDefinitions'],
  evaluate(s) {
    const { defs, unchecked } = readTaskDefinitions(s);
    const findings = defs
      .filter(({ td }) => td.networkMode === 'host')
      .map(({ region, td }) => ({
        resourceId: td.taskDefinitionArn,
        resourceType: 'AWS::ECS::TaskDefinition',
        region,
        message: `ECS task definition ${taskName(td)} in ${region} uses host networking.`,
        detail: { networkMode: 'host' },
      }));
    return withUnchecked(findings, unchecked);
  },
});
