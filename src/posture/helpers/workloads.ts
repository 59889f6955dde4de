/**
 * Helpers for the workload rules (pure): names that suggest a secret, AWS's published end-of-life
 * dates for Lambda runtimes and EKS Kubernetes versions, and the items a rule could not judge.
 */
import type { AccountSnapshot } from '../snapshot';
import { regionsWith } from '../snapshot';
import type { RegionPart } from '../regional';

const SECRET_WORDS =
  /(^|_)(PASSWORD|PASSWD|PASSPHRASE|PWD|PASS|SECRET|SECRETS|TOKEN|APIKEY|API_KEY|PRIVATE_KEY|PRIVATEKEY|ACCESS_KEY|ACCESSKEY|SECRET_KEY|CLIENT_SECRET|CREDENTIAL|CREDENTIALS|CREDS|AUTH_KEY|SIGNING_KEY|ENCRYPTION_KEY|CONNECTION_STRING|CONN_STR|DSN)(_|$)/;
/** Last words that make the variable a reference to a secret (or a setting about one), not the secret. */
const REFERENCE_WORDS = new Set([
  'ARN',
  'ID',
  'IDS',
  'NAME',
  'NAMES',
  'PATH',
  'PARAM',
  'PARAMETER',
  'SSM',
  'URL',
  'URI',
  'ENDPOINT',
  'FILE',
  'REF',
  'ENABLED',
  'TTL',
  'EXPIRY',
  'EXPIRATION',
  'LENGTH',
  'HEADER',
  'TYPE',
  'REGION',
  'KMS',
  'VERSION',
  'POLICY',
  'ROTATION',
  'FIELD',
]);

/** Upper snake case: `dbPassword` → `DB_PASSWORD`, `db-password` → `DB_PASSWORD`. */
function normalise(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()
    .replace(/^_+|_+$/g, '');
}

/**
 * Whether an environment variable NAME suggests it holds a secret (its value is never looked at):
 * `DB_PASSWORD`, `STRIPE_API_KEY`, `githubToken`. A name that ends in a reference word
 * (`DB_PASSWORD_SECRET_ARN`, `API_KEY_PARAMETER`, `TOKEN_URL`) points at a secret store and does not count.
 */
export function secretLikeName(name: string): boolean {
  const n = normalise(name);
  if (!SECRET_WORDS.test(n)) return false;
  const last = n.split('_').pop() ?? '';
  return !REFERENCE_WORDS.has(last);
}

/**
 * Lambda runtimes and the date AWS deprecates (deprecated) each one, from "Lambda runtimes" in the
 * AWS Lambda Developer Guide (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html:
 * "Supported runtimes" and "Deprecated runtimes" tables). After that date AWS no longer applies
 * security patches and the function is not eligible for technical support. Update this table when
 * AWS publishes new dates; a runtime not listed is not judged.
 */
export const LAMBDA_RUNTIME_DEPRECATION: Record<string, string> = {
  nodejs: '2016-10-31',
  'nodejs4.3': '2020-03-05',
  'nodejs4.3-edge': '2020-03-05',
  'nodejs6.10': '2019-08-12',
  'nodejs8.10': '2020-03-06',
  'nodejs10.x': '2021-07-30',
  'nodejs12.x': '2023-03-31',
  'nodejs14.x': '2023-12-04',
  'nodejs16.x': '2024-06-12',
  'nodejs18.x': '2025-09-01',
  'nodejs20.x': '2026-04-30',
  'nodejs22.x': '2027-04-30',
  'python2.7': '2021-07-15',
  'python3.6': '2022-07-18',
  'python3.7': '2023-12-04',
  'python3.8': '2024-10-14',
  'python3.9': '2025-12-15',
  'python3.10': '2026-06-30',
  'python3.11': '2026-06-30',
  'python3.12': '2028-10-31',
  'python3.13': '2029-06-30',
  'ruby2.5': '2021-07-30',
  'ruby2.7': '2023-12-07',
  'ruby3.2': '2026-03-31',
  'ruby3.3': '2027-03-31',
  java8: '2024-01-08',
  'java8.al2': '2026-06-30',
  java11: '2026-06-30',
  java17: '2026-06-30',
  java21: '2029-06-30',
  'go1.x': '2024-01-08',
  provided: '2024-01-08',
  'provided.al2': '2026-06-30',
  'provided.al2023': '2029-06-30',
  'dotnetcore1.0': '2019-07-30',
  'dotnetcore2.0': '2019-05-30',
  'dotnetcore2.1': '2022-01-05',
  'dotnetcore3.1': '2023-04-03',
  'dotnet5.0': '2022-05-10',
  dotnet6: '2024-12-20',
  dotnet7: '2024-05-14',
  dotnet8: '2026-11-10',
};

/** The deprecation date of `runtime` when it is on or before `at` (ISO), else null. */
export function runtimeDeprecated(runtime: string | undefined, at: string): string | null {
  const d = runtime ? LAMBDA_RUNTIME_DEPRECATION[runtime] : undefined;
  return d && Date.parse(`${d}T00:00:00Z`) <= Date.parse(at) ? d : null;
}

/**
 * End of standard support per Kubernetes minor version on Amazon EKS, from the "Amazon EKS
 * Kubernetes release calendar" (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html,
 * and, for versions that have left the calendar, the dates it listed while they were on it).
 * Past it a cluster runs on paid extended support (12 more months) and then is upgraded by AWS.
 */
export const EKS_END_OF_STANDARD_SUPPORT: Record<string, string> = {
  '1.23': '2023-10-11',
  '1.24': '2024-01-31',
  '1.25': '2024-05-01',
  '1.26': '2024-06-11',
  '1.27': '2024-07-24',
  '1.28': '2024-11-26',
  '1.29': '2025-03-23',
  '1.30': '2025-07-23',
  '1.31': '2025-11-26',
  '1.32': '2026-03-23',
  '1.33': '2026-07-29',
  '1.34': '2026-12-02',
};

/** Minor version as a number pair; NaN when unparsable. */
function minor(v: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : [Number.NaN, Number.NaN];
}

/**
 * When `version`'s standard support ended (ISO date) if on or before `at`; versions older than the
 * oldest in the table ended before it. Null: still in standard support, or unknown (newer) version.
 */
export function eksStandardSupportEnded(version: string | undefined, at: string): string | null {
  if (!version) return null;
  const [maj, min] = minor(version);
  if (Number.isNaN(maj)) return null;
  const key = `${maj}.${min}`;
  const date = EKS_END_OF_STANDARD_SUPPORT[key];
  if (date) return Date.parse(`${date}T00:00:00Z`) <= Date.parse(at) ? date : null;
  const oldest = Object.keys(EKS_END_OF_STANDARD_SUPPORT)
    .map(minor)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])[0]!;
  if (maj < oldest[0] || (maj === oldest[0] && min < oldest[1]))
    return `before ${EKS_END_OF_STANDARD_SUPPORT[`${oldest[0]}.${oldest[1]}`]}`;
  return null;
}

/** Every item of a regional part, with its region. */
export function itemsOf<P extends RegionPart>(
  s: AccountSnapshot,
  part: P,
): { region: string; item: NonNullable<AccountSnapshot['regions'][string][P]> extends (infer T)[] ? T : never }[] {
  return regionsWith(s, part).flatMap(([region, v]) =>
    (v as unknown[]).map((item) => ({ region, item: item as never })),
  );
}

/** `arn:aws:<service>:<region>:<account>:<suffix>` when the API gave no ARN. */
export const arnOf = (s: AccountSnapshot, service: string, region: string, suffix: string) =>
  `arn:aws:${service}:${region}:${s.account.accountId}:${suffix}`;
