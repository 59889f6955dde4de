/**
 * Terminate EC2 instances by id in one region. Termination protection is reported, never overridden;
 * a DryRun TerminateInstances (DryRunOperation = allowed) runs in the precheck before anything changes.
 */
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  EC2Client,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { ActionError, awsCode, defineAction, type ReadContext } from '../define-action';
import { INSTANCE_ID } from '../inputs';

const input = z.object({
  instance_ids: z
    .array(INSTANCE_ID)
    .min(1)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'instance ids must be distinct')
    .describe('EC2 instance ids to terminate, all in the proposal\'s region, e.g. ["i-0598c7d356eba48d7"].'),
});

interface InstanceState {
  instanceId: string;
  state: string;
  launchTime: string | null;
}

async function describe(ctx: ReadContext, ids: string[]): Promise<Map<string, InstanceState> | { missing: string }> {
  try {
    const out = await ctx.client(EC2Client).send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const m = new Map<string, InstanceState>();
    for (const r of out.Reservations ?? [])
      for (const i of r.Instances ?? [])
        m.set(i.InstanceId!, {
          instanceId: i.InstanceId!,
          state: i.State?.Name ?? 'unknown',
          launchTime: i.LaunchTime?.toISOString() ?? null,
        });
    const missing = ids.filter((id) => !m.has(id));
    return missing.length ? { missing: missing.join(', ') } : m;
  } catch (err) {
    if (awsCode(err).startsWith('InvalidInstanceID')) return { missing: (err as Error).message };
    throw err;
  }
}

const GONE = new Set(['shutting-down', 'terminated']);

export default defineAction({
  kind: 'terminate_ec2_instances',
  title: 'Terminate EC2 instances',
  description:
    "Terminates EC2 instances by id in one region (the proposal's region). Irreversible: instance-store data and EBS volumes with DeleteOnTermination are lost — snapshot first if forensics are needed. Instances with termination protection are reported and NOT terminated (protection is never overridden). A DryRun call checks permission first. Use for attacker-launched instances (e.g. crypto-mining).",
  input,
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceAttribute', 'ec2:TerminateInstances'],
  risk: 'high',
  destructive: true,
  reversal: null,
  regional: true,
  targets: (i) => i.instance_ids.map((id) => ({ type: 'ec2-instance' as const, id })),
  describe: (i) =>
    `Terminate ${i.instance_ids.length} EC2 instance${i.instance_ids.length === 1 ? '' : 's'} (${i.instance_ids.join(', ')}) (irreversible).`,
  async observe(ctx, i) {
    const d = await describe(ctx, i.instance_ids);
    if (!(d instanceof Map))
      throw new ActionError(
        `Instance(s) not found in ${ctx.region}: ${d.missing}. Check the region and ids.`,
        'InvalidInstanceID.NotFound',
      );
    const gone = [...d.values()].filter((s) => GONE.has(s.state));
    if (gone.length)
      throw new ActionError(`Already ${gone.map((g) => `${g.instanceId} ${g.state}`).join(', ')}: leave them out.`);
    return { instances: [...d.values()] };
  },
  async precheck(ctx, i) {
    const d = await describe(ctx, i.instance_ids);
    if (!(d instanceof Map)) return { ok: false, why: `Instance(s) no longer found in ${ctx.region}: ${d.missing}.` };
    const seen = new Map(
      ((ctx.observed as { instances?: InstanceState[] } | null)?.instances ?? []).map((s) => [s.instanceId, s]),
    );
    for (const s of d.values()) {
      const o = seen.get(s.instanceId);
      if (o?.launchTime && s.launchTime && o.launchTime !== s.launchTime)
        return {
          ok: false,
          why: `${s.instanceId} changed since the proposal (launched ${s.launchTime}, proposal saw ${o.launchTime}).`,
        };
    }
    const gone = [...d.values()].filter((s) => GONE.has(s.state));
    if (gone.length)
      return {
        ok: false,
        why: `Already ${gone.map((g) => `${g.instanceId} ${g.state}`).join(', ')}; re-propose without them.`,
      };
    const ec2 = ctx.client(EC2Client);
    const protectedIds: string[] = [];
    for (const id of i.instance_ids) {
      const a = await ec2.send(
        new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination' }),
      );
      if (a.DisableApiTermination?.Value) protectedIds.push(id);
    }
    if (protectedIds.length)
      return {
        ok: false,
        why: `Termination protection is on for ${protectedIds.join(', ')}; Trailhound does not override it. If terminating is really intended, turn it off deliberately (aws ec2 modify-instance-attribute --instance-id ID --no-disable-api-termination) and propose again; or stop or isolate the instance instead.`,
      };
    try {
      await ec2.send(new TerminateInstancesCommand({ InstanceIds: i.instance_ids, DryRun: true }));
      return {
        ok: false,
        why: 'The DryRun call unexpectedly succeeded without the DryRunOperation answer; refusing to continue.',
      };
    } catch (err) {
      const code = awsCode(err);
      if (code !== 'DryRunOperation') {
        if (code === 'UnauthorizedOperation')
          return {
            ok: false,
            why: `The remediation role may not call ec2:TerminateInstances on these instances (DryRun said UnauthorizedOperation). Grant it (see docs/remediation.md).`,
          };
        if (code === 'OperationNotPermitted')
          return { ok: false, why: `AWS refuses termination: ${(err as Error).message}` };
        throw err;
      }
    }
    return {
      ok: true,
      before: { instances: [...d.values()] },
      notes: ['DryRun TerminateInstances: allowed (DryRunOperation).'],
    };
  },
  async execute(ctx, i, before) {
    const result = await ctx.step(
      `terminate:${i.instance_ids.join(',')}`,
      `Terminate ${i.instance_ids.join(', ')}`,
      async () => {
        try {
          const out = await ctx.client(EC2Client).send(new TerminateInstancesCommand({ InstanceIds: i.instance_ids }));
          return (out.TerminatingInstances ?? []).map((t) => ({
            instanceId: t.InstanceId!,
            previous: t.PreviousState?.Name ?? null,
            current: t.CurrentState?.Name ?? null,
          }));
        } catch (err) {
          if (awsCode(err) === 'OperationNotPermitted')
            throw new ActionError(
              `AWS refused (termination protection was turned on after the precheck?): ${(err as Error).message}`,
              'OperationNotPermitted',
            );
          throw err;
        }
      },
    );
    return {
      after: { instances: result },
      summary: `Termination started in ${ctx.region}: ${result.map((r) => `${r.instanceId} ${r.previous ?? '?'} → ${r.current ?? '?'}`).join(', ')} (was: ${before.instances.map((s) => `${s.instanceId} ${s.state}`).join(', ')}).`,
    };
  },
});
