import { withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';
import { regionsWith } from '../snapshot';

export default defineRule({
  id: 'guardduty-disabled',
  title: 'GuardDuty is not enabled in a region',
  severity: 'medium',
  service: 'guardduty',
  rationale:
    'GuardDuty is the managed threat detector for CloudTrail, VPC flow and DNS logs; a region without it is where crypto-miners and credential abuse go unnoticed. (Trailhound reports whether it runs; it does not copy its findings.)',
  remediation: 'aws guardduty create-detector --region REGION --enable --finding-publishing-frequency FIFTEEN_MINUTES',
  needs: ['region.guardDutyDetectors'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = regionsWith(s, 'guardDutyDetectors').flatMap(([region, detectors]) => {
      if (detectors.some((d) => d.status === 'ENABLED')) return [];
      const unknown = detectors.filter((d) => d.status === undefined);
      if (unknown.length) {
        unchecked.push(
          `${region} detector ${unknown.map((d) => d.detectorId).join(', ')} (guardduty:GetDetector failed)`,
        );
        return [];
      }
      return [
        {
          resourceId: detectors[0]
            ? `arn:aws:guardduty:${region}:${s.account.accountId}:detector/${detectors[0].detectorId}`
            : `arn:aws:guardduty:${region}:${s.account.accountId}:detector`,
          resourceType: 'AWS::GuardDuty::Detector',
          region,
          message: detectors.length
            ? `GuardDuty detector ${detectors.map((d) => d.detectorId).join(', ')} in ${region} is ${detectors.map((d) => d.status).join(', ')}.`
            : `GuardDuty has no detector in ${region}.`,
          detail: { detectors: detectors.map((d) => ({ id: d.detectorId, status: d.status })) },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
