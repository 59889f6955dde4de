/**
 * Findings export formats (pure): CSV (spreadsheet-safe), JSON, OCSF 1.1 Compliance Finding
 * (class 2003) and SARIF 2.1.0 (so findings show in code-scanning UIs). Input is the stored
 * findings history joined with the rule catalogue (title, CIS id, rationale, CLI fix). Values from
 * AWS (resource ids, messages) are data: CSV cells that a spreadsheet would run as a formula are
 * prefixed with a quote, and every other format is JSON-encoded.
 */
import { createHash } from 'node:crypto';
import type { RuleDefinition, Severity } from './rule';

export const EXPORT_FORMATS = ['csv', 'json', 'ocsf', 'sarif'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFinding {
  account: string;
  accountId?: string;
  ruleId: string;
  severity: string;
  status: string;
  resourceId: string;
  region: string | null;
  /** The finding's one-line message. */
  message: string;
  firstSeen: Date;
  lastSeen: Date;
  resolvedAt: Date | null;
}

const CIS = 'CIS AWS Foundations Benchmark v3.0.0';

function csvCell(v: string | null | undefined): string {
  let s = v ?? '';
  // Formula injection (OWASP CSV injection): =, +, -, @, tab and CR start a formula in spreadsheets.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function findingsCsv(rows: ExportFinding[], rules: Map<string, RuleDefinition>): string {
  const header = [
    'account',
    'rule',
    'severity',
    'status',
    'resource',
    'region',
    'cis',
    'title',
    'message',
    'first_seen',
    'last_seen',
    'resolved_at',
  ];
  const lines = rows.map((r) =>
    [
      r.account,
      r.ruleId,
      r.severity,
      r.status,
      r.resourceId,
      r.region,
      rules.get(r.ruleId)?.cis,
      rules.get(r.ruleId)?.title ?? r.ruleId,
      r.message,
      r.firstSeen.toISOString(),
      r.lastSeen.toISOString(),
      r.resolvedAt?.toISOString(),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

export function findingsJson(rows: ExportFinding[], rules: Map<string, RuleDefinition>): unknown[] {
  return rows.map((r) => {
    const rule = rules.get(r.ruleId);
    return {
      account: r.account,
      rule: r.ruleId,
      title: rule?.title ?? r.ruleId,
      severity: r.severity,
      status: r.status,
      resource: r.resourceId,
      region: r.region,
      cis: rule?.cis ?? null,
      message: r.message,
      remediation: rule?.remediation ?? null,
      firstSeen: r.firstSeen.toISOString(),
      lastSeen: r.lastSeen.toISOString(),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
    };
  });
}

const OCSF_SEVERITY: Record<string, [number, string]> = {
  critical: [5, 'Critical'],
  high: [4, 'High'],
  medium: [3, 'Medium'],
  low: [2, 'Low'],
};

/** A stable id for a finding: the same (account, rule, resource) always gets the same uid. */
export function findingUid(r: Pick<ExportFinding, 'account' | 'ruleId' | 'resourceId'>): string {
  return createHash('sha256').update(`${r.account}\u0000${r.ruleId}\u0000${r.resourceId}`).digest('hex').slice(0, 32);
}

/** OCSF 1.1.0 Compliance Finding (category 2 Findings, class 2003, activity 1 Create). */
export function findingsOcsf(
  rows: ExportFinding[],
  rules: Map<string, RuleDefinition>,
  o: { version: string; now: Date },
): unknown[] {
  return rows.map((r) => {
    const rule = rules.get(r.ruleId);
    const [severityId, severity] = OCSF_SEVERITY[r.severity] ?? [0, 'Unknown'];
    const resolved = r.status === 'resolved';
    return {
      category_uid: 2,
      category_name: 'Findings',
      class_uid: 2003,
      class_name: 'Compliance Finding',
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200301,
      type_name: 'Compliance Finding: Create',
      time: o.now.getTime(),
      severity_id: severityId,
      severity,
      status_id: resolved ? 4 : 1,
      status: resolved ? 'Resolved' : 'New',
      message: r.message,
      metadata: {
        version: '1.1.0',
        product: { name: 'Trailhound', vendor_name: 'Trailhound', version: o.version },
        uid: findingUid(r),
      },
      finding_info: {
        uid: findingUid(r),
        title: rule?.title ?? r.ruleId,
        desc: rule?.rationale ?? r.message,
        types: [r.ruleId],
        first_seen_time: r.firstSeen.getTime(),
        last_seen_time: r.lastSeen.getTime(),
      },
      compliance: {
        control: rule?.cis ?? r.ruleId,
        standards: rule?.cis ? [CIS] : [],
        requirements: rule?.cis ? [`${CIS} ${rule.cis}`] : [],
        status_id: resolved ? 1 : 3,
        status: resolved ? 'Pass' : 'Fail',
      },
      remediation: { desc: rule?.remediation ?? '' },
      resources: [{ uid: r.resourceId, type: resourceType(r.resourceId), region: r.region ?? undefined }],
      cloud: {
        provider: 'AWS',
        account: { uid: r.accountId ?? r.account, name: r.account, type: 'AWS Account', type_id: 10 },
        region: r.region ?? undefined,
      },
    };
  });
}

function resourceType(id: string): string {
  const m = /^arn:[^:]+:([^:]+):/.exec(id);
  if (m) return `AWS::${m[1]}`;
  if (/^i-/.test(id)) return 'AWS::EC2::Instance';
  if (/^vol-/.test(id)) return 'AWS::EC2::Volume';
  return 'AWS::Resource';
}

const SARIF_LEVEL: Record<string, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};
/** GitHub code scanning reads `security-severity` (0-10) to rank results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/**
 * SARIF 2.1.0: one run, one reportingDescriptor per rule that has a finding. A cloud resource has
 * no file, so each result's physical location is the pseudo-path `aws/<account>/<region>/<resource>`
 * (code-scanning UIs require one) and its logical location the resource id itself.
 */
export function findingsSarif(rows: ExportFinding[], rules: Map<string, RuleDefinition>, o: { version: string }) {
  const used = [...new Set(rows.map((r) => r.ruleId))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Trailhound',
            version: o.version,
            informationUri: 'https://github.com/trailhound/trailhound/blob/main/docs/posture.md',
            rules: used.map((id) => {
              const r = rules.get(id);
              return {
                id,
                name: id,
                shortDescription: { text: r?.title ?? id },
                fullDescription: { text: r?.rationale ?? id },
                help: { text: r?.remediation ?? '' },
                defaultConfiguration: { level: SARIF_LEVEL[r?.severity ?? 'low'] },
                properties: {
                  tags: ['security', 'aws', r?.service ?? 'aws', ...(r?.cis ? [`CIS-${r.cis}`] : [])],
                  'security-severity': SECURITY_SEVERITY[r?.severity ?? 'low'],
                },
              };
            }),
          },
        },
        results: rows.map((r) => ({
          ruleId: r.ruleId,
          ruleIndex: used.indexOf(r.ruleId),
          level: SARIF_LEVEL[r.severity] ?? 'warning',
          message: { text: r.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: {
                  uri: `aws/${encodeURIComponent(r.account)}/${encodeURIComponent(r.region ?? 'global')}/${encodeURIComponent(r.resourceId)}`,
                },
              },
              logicalLocations: [{ fullyQualifiedName: r.resourceId, kind: 'resource' }],
            },
          ],
          partialFingerprints: { 'trailhound/v1': findingUid(r) },
          properties: { account: r.account, status: r.status, firstSeen: r.firstSeen.toISOString() },
        })),
      },
    ],
  };
}
