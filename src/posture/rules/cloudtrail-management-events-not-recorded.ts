import { accountResource, accountTrails, managementCoverage } from '../helpers/trails';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-management-events-not-recorded',
  title: 'Management events not fully recorded by any logging trail',
  severity: 'high',
  service: 'cloudtrail',
  cis: '3.1',
  rationale:
    'A trail records management events only if its event selectors say so (classic: IncludeManagementEvents with ReadWriteType All; advanced: eventCategory = Management without a readOnly filter). Without one, IAM and configuration changes are kept only 90 days in the event history.',
  remediation:
    'Record all management events on a logging multi-region trail:\n' +
    'aws cloudtrail put-event-selectors --trail-name TRAIL_ARN --advanced-event-selectors \'[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]\'',
  needs: ['region.trails', 'region.trailStatus', 'region.eventSelectors'],
  evaluate(s) {
    const trails = accountTrails(s).filter((t) => t.status?.IsLogging !== false);
    const judged = trails.map((t) => {
      // A trail with custom selectors whose selectors could not be read is unknown, not "all".
      const unknown = t.selectors === undefined && t.trail.HasCustomEventSelectors === true;
      const c = managementCoverage(t.selectors);
      const full = !unknown && c.read && c.write && !c.excluded.some((e) => e.startsWith('only '));
      return { t, c, unknown, full };
    });
    if (judged.some((j) => j.full)) return [];
    const unknown = [
      ...judged.filter((j) => j.unknown).map((j) => `event selectors of ${j.t.trail.Name}`),
      ...accountTrails(s)
        .filter((t) => !t.status)
        .map((t) => `status of ${t.trail.Name}`),
    ];
    if (unknown.length) return { findings: [], unchecked: unknown };
    return [
      {
        resourceId: accountResource(s, 'management-events'),
        resourceType: 'AWS::CloudTrail::Trail',
        message: trails.length
          ? `No logging trail records all management events: ${judged.map((j) => `${j.t.trail.Name} (${j.c.read ? 'read' : ''}${j.c.read && j.c.write ? '+' : ''}${j.c.write ? 'write' : ''}${!j.c.read && !j.c.write ? 'none' : ''}${j.c.excluded.length ? `; ${j.c.excluded.join(', ')}` : ''})`).join(', ')}.`
          : 'No logging trail exists, so no management event is recorded beyond the 90-day event history.',
        detail: {
          trails: judged.map((j) => ({
            name: j.t.trail.Name,
            read: j.c.read,
            write: j.c.write,
            excluded: j.c.excluded,
          })),
        },
      },
    ];
  },
});
