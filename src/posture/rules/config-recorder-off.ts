import { configRegions, configResource } from '../helpers/config-service';
import { withUnchecked } from '../helpers/s3';
import { defineRule, type RuleFinding } from '../rule';

export default defineRule({
  id: 'config-recorder-off',
  title: 'AWS Config is not recording in a region',
  severity: 'medium',
  service: 'config',
  cis: '3.3',
  rationale:
    'AWS Config is the configuration history of every resource: without it, "what did this security group allow last Tuesday?" has no answer, in exactly the regions nobody watches.',
  remediation:
    'aws configservice put-configuration-recorder --region REGION --configuration-recorder name=default,roleARN=CONFIG_ROLE_ARN --recording-group allSupported=true,includeGlobalResourceTypes=true\n' +
    'aws configservice put-delivery-channel --region REGION --delivery-channel name=default,s3BucketName=CONFIG_BUCKET\n' +
    'aws configservice start-configuration-recorder --region REGION --configuration-recorder-name default',
  needs: ['region.configRecorders', 'region.configRecorderStatus'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = configRegions(s).flatMap(({ region, recorders, status }): RuleFinding[] => {
      if (!recorders.length)
        return [
          {
            resourceId: configResource(s, region, 'configuration-recorder'),
            resourceType: 'AWS::Config::ConfigurationRecorder',
            region,
            message: `AWS Config has no configuration recorder in ${region}.`,
            detail: { recorders: 0 },
          },
        ];
      if (!status) {
        unchecked.push(`${region} (config:DescribeConfigurationRecorderStatus not read)`);
        return [];
      }
      if (status.some((x) => x.recording === true)) return [];
      const names = recorders.map((r) => r.name ?? 'default');
      return [
        {
          resourceId: configResource(s, region, 'configuration-recorder'),
          resourceType: 'AWS::Config::ConfigurationRecorder',
          region,
          message: `AWS Config recorder ${names.join(', ')} in ${region} is not recording.`,
          detail: { recorders: names, lastStatus: status.map((x) => x.lastStatus).filter(Boolean) },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
