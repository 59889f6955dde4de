import { accountResource, accountTrails } from '../helpers/trails';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-multi-region-missing',
  title: 'No multi-region CloudTrail trail that is logging',
  severity: 'high',
  service: 'cloudtrail',
  cis: '3.1',
  rationale:
    'Without a logging multi-region trail, activity in unused regions (a favourite for crypto-mining and persistence) is recorded nowhere beyond the 90-day event history.',
  remediation:
    'Create a multi-region trail (or rely on an AWS Organizations trail) and start it:\n' +
    'aws cloudtrail create-trail --name management-events --s3-bucket-name BUCKET --is-multi-region-trail --enable-log-file-validation\n' +
    'aws cloudtrail start-logging --name management-events',
  needs: ['region.trails', 'region.trailStatus'],
  evaluate(s) {
    const trails = accountTrails(s);
    const multi = trails.filter((t) => t.trail.IsMultiRegionTrail);
    if (multi.some((t) => t.status?.IsLogging === true)) return [];
    const unknown = multi.filter((t) => !t.status).map((t) => `status of ${t.trail.Name}`);
    if (unknown.length) return { findings: [], unchecked: unknown };
    return [
      {
        resourceId: accountResource(s, 'multi-region-trail'),
        resourceType: 'AWS::CloudTrail::Trail',
        message: multi.length
          ? `The multi-region trail(s) ${multi.map((t) => t.trail.Name).join(', ')} are not logging.`
          : `No multi-region trail exists (trails: ${trails.map((t) => t.trail.Name).join(', ') || 'none'}).`,
        detail: { trails: trails.map((t) => t.trail.Name) },
      },
    ];
  },
});
