import { configRegions, configResource } from '../helpers/config-service';
import { withUnchecked } from '../helpers/s3';
import { defineRule, type RuleFinding } from '../rule';

export default defineRule({
  id: 'config-delivery-failing',
  title: 'AWS Config has no healthy delivery channel',
  severity: 'medium',
  service: 'config',
  cis: '3.3',
  rationale:
    'A recorder without a working delivery channel records nothing durable: the configuration history and snapshots never reach the bucket.',
  remediation:
    'aws configservice describe-delivery-channel-status --region REGION   # read lastErrorCode / lastErrorMessage\n' +
    'aws configservice put-delivery-channel --region REGION --delivery-channel name=default,s3BucketName=CONFIG_BUCKET   # fix the bucket or its policy',
  needs: ['region.configRecorders', 'region.configDeliveryStatus'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = configRegions(s).flatMap(({ region, recorders, delivery, status }): RuleFinding[] => {
      if (!recorders.length) return []; // config-recorder-off reports the region
      if (!delivery) {
        unchecked.push(`${region} (config:DescribeDeliveryChannelStatus not read)`);
        return [];
      }
      const resource = {
        resourceId: configResource(s, region, 'delivery-channel'),
        resourceType: 'AWS::Config::DeliveryChannel',
        region,
      };
      if (!delivery.length)
        return [{ ...resource, message: `AWS Config in ${region} has a recorder but no delivery channel.` }];
      const failing = delivery.flatMap((d) =>
        (
          [
            ['history', d.configHistoryDeliveryInfo],
            ['snapshot', d.configSnapshotDeliveryInfo],
            ['stream', d.configStreamDeliveryInfo],
          ] as const
        )
          .filter(([, i]) => i?.lastStatus?.toUpperCase() === 'FAILURE')
          .map(
            ([what, i]) =>
              `${d.name ?? 'default'} ${what}: ${i?.lastErrorCode ?? 'failure'}${i?.lastErrorMessage ? ` (${i.lastErrorMessage})` : ''}`,
          ),
      );
      const recorderFailing = (status ?? []).filter((x) => x.lastStatus?.toUpperCase() === 'FAILURE');
      if (!failing.length && !recorderFailing.length) return [];
      return [
        {
          ...resource,
          message: `AWS Config delivery in ${region} is failing: ${[
            ...failing,
            ...recorderFailing.map((x) => `recorder ${x.name}: ${x.lastErrorCode ?? 'failure'}`),
          ].join('; ')}.`,
          detail: { failing, recorder: recorderFailing.map((x) => x.lastErrorCode) },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
