import { accountTrails } from '../helpers/trails';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-not-kms-encrypted',
  title: 'CloudTrail logs not encrypted with a KMS key',
  severity: 'medium',
  service: 'cloudtrail',
  cis: '3.5',
  rationale:
    'SSE-KMS adds a second permission (kms:Decrypt) between a reader of the log bucket and the logs, and audits every read.',
  remediation: 'aws cloudtrail update-trail --name TRAIL_ARN --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY_ID',
  needs: ['region.trails'],
  evaluate(s) {
    return accountTrails(s)
      .filter((t) => !t.trail.KmsKeyId)
      .map((t) => ({
        resourceId: t.trail.TrailARN,
        resourceType: 'AWS::CloudTrail::Trail',
        region: t.trail.HomeRegion,
        message: `Trail ${t.trail.Name} is not encrypted with a KMS key.`,
      }));
  },
});
