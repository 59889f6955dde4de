/**
 * Parses the IAM credential report CSV (pure). Columns are looked up by the documented header names
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html), so column
 * order or extra columns do not matter. Special cells: `N/A`, `no_information`, `not_supported`.
 */
import type { CredentialReport, CredentialReportCert, CredentialReportKey, CredentialReportRow } from './snapshot';

export class CredentialReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialReportError';
  }
}

const REQUIRED = ['user', 'arn', 'password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_2_active'];

/** Minimal RFC 4180 line splitter (IAM names may contain commas; quoted cells are honoured). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function time(v: string | undefined): string | null {
  if (!v) return null;
  const t = v.trim();
  if (!t || t === 'N/A' || t === 'no_information' || t === 'not_supported') return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function text(v: string | undefined): string | null {
  const t = v?.trim();
  return !t || t === 'N/A' || t === 'no_information' || t === 'not_supported' ? null : t;
}

const bool = (v: string | undefined): boolean => v?.trim().toLowerCase() === 'true';

export function parseCredentialReportCsv(csv: string, generatedTime: string | null = null): CredentialReport {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new CredentialReportError('The credential report is empty.');
  const header = splitCsvLine(lines[0]!).map((h) => h.trim());
  const missing = REQUIRED.filter((h) => !header.includes(h));
  if (missing.length)
    throw new CredentialReportError(
      `The credential report has no ${missing.join(', ')} column(s): is it the IAM credential report CSV?`,
    );
  const idx = new Map(header.map((h, i) => [h, i]));
  const rows: CredentialReportRow[] = [];
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const get = (name: string): string | undefined => {
      const i = idx.get(name);
      return i === undefined ? undefined : cells[i];
    };
    const key = (n: 1 | 2): CredentialReportKey => ({
      active: bool(get(`access_key_${n}_active`)),
      lastRotated: time(get(`access_key_${n}_last_rotated`)),
      lastUsedDate: time(get(`access_key_${n}_last_used_date`)),
      lastUsedRegion: text(get(`access_key_${n}_last_used_region`)),
      lastUsedService: text(get(`access_key_${n}_last_used_service`)),
    });
    const cert = (n: 1 | 2): CredentialReportCert => ({
      active: bool(get(`cert_${n}_active`)),
      lastRotated: time(get(`cert_${n}_last_rotated`)),
    });
    const user = (get('user') ?? '').trim();
    const pw = (get('password_enabled') ?? '').trim();
    rows.push({
      user,
      arn: (get('arn') ?? '').trim(),
      isRoot: user === '<root_account>',
      userCreationTime: time(get('user_creation_time')),
      passwordEnabled: pw === 'not_supported' ? null : bool(pw),
      passwordLastUsed: time(get('password_last_used')),
      passwordLastUsedRaw: (get('password_last_used') ?? '').trim(),
      passwordLastChanged: time(get('password_last_changed')),
      passwordNextRotation: time(get('password_next_rotation')),
      mfaActive: bool(get('mfa_active')),
      accessKeys: [key(1), key(2)],
      certs: [cert(1), cert(2)],
    });
  }
  return { generatedTime, rows };
}
