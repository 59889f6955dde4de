import { accountTrails } from '../helpers/trails';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-delivery-failing',
  title: 'CloudTrail cannot deliver logs to S3',
  severity: 'high',
  service: 'cloudtrail',
  rationale:
    'A trail that is "logging" but whose delivery fails (bucket policy changed, bucket deleted, KMS key disabled) keeps nothing.',
  remediation:
    'Fix the bucket policy or KMS key policy so CloudTrail can write (see LatestDeliveryError), then check:\naws cloudtrail get-trail-status --name TRAIL_ARN --query LatestDeliveryError',
  needs: ['region.trails', 'region.trailStatus'],
  evaluate(s) {
    const trails = accountTrails(s);
    const findings = trails
      .filter((t) => t.status?.IsLogging !== false && !!t.status?.LatestDeliveryError)
      .map((t) => ({
        resourceId: t.trail.TrailARN,
        resourceType: 'AWS::CloudTrail::Trail',
        region: t.trail.HomeRegion,
        message: `Trail ${t.trail.Name} fails to deliver logs: ${t.status!.LatestDeliveryError}.`,
        detail: { error: t.status!.LatestDeliveryError },
      }));
    return { findings, unchecked: trails.filter((t) => !t.status).map((t) => `status of ${t.trail.Name}`) };
  },
});
