/** Monitoring and detection evidence files: CLI output shapes read, missing files named with their command. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMonitoringEvidence } from '../../../src/sources/evidence/monitoring';

describe('monitoring evidence', () => {
  it('reads the bundled demo (CLI PascalCase GuardDuty output, {} = Security Hub off)', () => {
    const use1 = loadMonitoringEvidence('evidence/demo', 'us-east-1');
    expect(use1.warnings).toEqual([]);
    expect(use1.region.guardDutyDetectors).toEqual([
      {
        detectorId: '4cb1f3c0a7e2d9b85f6a3e1c2d4b7a90',
        status: 'ENABLED',
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
      },
    ]);
    expect(use1.region.metricFilters).toHaveLength(4);
    expect(use1.region.securityHub).toMatchObject({ HubArn: expect.stringContaining(':hub/default') });
    const euw1 = loadMonitoringEvidence('evidence/demo', 'eu-west-1');
    expect(euw1.region).toMatchObject({ securityHub: null, guardDutyDetectors: [], configRecorders: [] });
  });

  it('a missing file leaves that part unread, with the command that produces it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mon-ev-'));
    mkdirSync(join(dir, 'guardduty', 'us-east-1'), { recursive: true });
    writeFileSync(join(dir, 'guardduty', 'us-east-1', 'list-detectors.json'), '{"DetectorIds":["abc123","../x"]}');
    const r = loadMonitoringEvidence(dir, 'us-east-1');
    expect(r.region.metricFilters).toBeUndefined();
    // The invalid id never becomes a path; the valid one lacks get-detector.json: listed, not judged.
    expect(r.region.guardDutyDetectors).toEqual([{ detectorId: 'abc123' }]);
    const apis = r.warnings.map((w) => w.api);
    expect(apis).toEqual(
      expect.arrayContaining(['logs:DescribeMetricFilters', 'securityhub:DescribeHub', 'guardduty:GetDetector']),
    );
    expect(r.warnings.find((w) => w.api === 'logs:DescribeMetricFilters')!.message).toMatch(
      /aws logs describe-metric-filters --region us-east-1 > .*logs\/us-east-1\/describe-metric-filters\.json/,
    );
  });
});
