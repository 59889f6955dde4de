import { configRegions, configResource, recordsAll } from '../helpers/config-service';
import { defineRule } from '../rule';

export default defineRule({
  id: 'config-recorder-partial-coverage',
  title: 'AWS Config recorder does not record all resource types',
  severity: 'low',
  service: 'config',
  cis: '3.3',
  rationale:
    'A recorder limited to a list of types (or excluding some) has no history for the rest, and new resource types are never added by themselves.',
  remediation:
    'aws configservice put-configuration-recorder --region REGION --configuration-recorder name=NAME,roleARN=CONFIG_ROLE_ARN --recording-group allSupported=true,includeGlobalResourceTypes=true',
  needs: ['region.configRecorders'],
  evaluate(s) {
    return configRegions(s).flatMap(({ region, recorders }) =>
      recorders
        .filter((r) => !recordsAll(r))
        .map((r) => ({
          resourceId: configResource(s, region, `configuration-recorder/${r.name ?? 'default'}`),
          resourceType: 'AWS::Config::ConfigurationRecorder',
          region,
          message: `AWS Config recorder ${r.name ?? 'default'} in ${region} records ${
            r.recordingGroup?.exclusionByResourceTypes?.resourceTypes?.length
              ? `all types except ${r.recordingGroup.exclusionByResourceTypes.resourceTypes.length}`
              : `only ${r.recordingGroup?.resourceTypes?.length ?? 0} resource type(s)`
          }, not all supported types.`,
          detail: {
            resourceTypes: r.recordingGroup?.resourceTypes?.slice(0, 20),
            excluded: r.recordingGroup?.exclusionByResourceTypes?.resourceTypes?.slice(0, 20),
          },
        })),
    );
  },
});
