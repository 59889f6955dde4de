/** ECS helpers (pure): task definitions whose containers could (and could not) be read. */
import type { AccountSnapshot } from '../snapshot';
import type { EcsTaskDefinition } from '../workloads';
import { itemsOf } from './workloads';

export function readTaskDefinitions(s: AccountSnapshot): {
  defs: { region: string; td: EcsTaskDefinition }[];
  unchecked: string[];
} {
  const defs: { region: string; td: EcsTaskDefinition }[] = [];
  const unchecked: string[] = [];
  for (const { region, item: td } of itemsOf(s, 'ecsTaskDefinitions')) {
    if (td.read) defs.push({ region, td });
    else unchecked.push(`${region} ${td.taskDefinitionArn} (ecs:DescribeTaskDefinition failed)`);
  }
  return { defs, unchecked };
}

export const taskName = (td: EcsTaskDefinition) =>
  td.family
    ? `${td.family}${td.revision ? `:${td.revision}` : ''}`
    : (td.taskDefinitionArn.split('/').pop() ?? td.taskDefinitionArn);
