import { accountTrails } from '../helpers/trails';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-trail-not-logging',
  title: 'CloudTrail trail is not logging',
  severity: 'high',
  service: 'cloudtrail',
  rationale: 'A stopped trail records nothing; attackers call StopLogging to blind defenders before acting.',
  remediation:
    'Find who stopped it (CloudTrail event StopLogging), then restart it:\naws cloudtrail start-logging --name TRAIL_ARN',
  needs: ['region.trails', 'region.trailStatus'],
  evaluate(s) {
    const trails = accountTrails(s);
    const findings = trails
      .filter((t) => t.status?.IsLogging === false)
      .map((t) => ({
        resourceId: t.trail.TrailARN,
        resourceType: 'AWS::CloudTrail::Trail',
        region: t.trail.HomeRegion,
        message: `Trail ${t.trail.Name} is not logging${t.status?.StopLoggingTime ? ` (stopped ${t.status.StopLoggingTime})` : ''}.`,
        detail: { stoppedAt: t.status?.StopLoggingTime },
      }));
    return { findings, unchecked: trails.filter((t) => !t.status).map((t) => `status of ${t.trail.Name}`) };
  },
});
