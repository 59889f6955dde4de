import { accountTrails } from '../helpers/trails';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-log-validation-off',
  title: 'CloudTrail log file validation is off',
  severity: 'medium',
  service: 'cloudtrail',
  cis: '3.2',
  rationale:
    'Without digest files, deleted or altered log files cannot be detected: the trail cannot be trusted as evidence.',
  remediation: 'aws cloudtrail update-trail --name TRAIL_ARN --enable-log-file-validation',
  needs: ['region.trails'],
  evaluate(s) {
    return accountTrails(s)
      .filter((t) => t.trail.LogFileValidationEnabled !== true)
      .map((t) => ({
        resourceId: t.trail.TrailARN,
        resourceType: 'AWS::CloudTrail::Trail',
        region: t.trail.HomeRegion,
        message: `Trail ${t.trail.Name} has log file validation off.`,
      }));
  },
});
