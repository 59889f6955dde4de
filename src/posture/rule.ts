/**
 * How a posture rule is declared (one file per rule in ./rules) and what it returns. `evaluate` is
 * pure: snapshot in, findings out; each finding names its resource by a cloud-native id (ARN,
 * instance id, security-group id…) so it is tracked across scans. `needs` lists the snapshot parts
 * the rule reads: when one is missing the engine reports the rule "not checked" (IAM part, IdP) or
 * "partial" (a regional part missing in some regions), never "passed".
 */
import type { AccountSnapshot, Need } from './snapshot';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export type Service =
  | 'identity'
  | 'iam'
  | 'ec2'
  | 'vpc'
  | 'cloudtrail'
  | 's3'
  | 'kms'
  | 'rds'
  | 'lambda'
  | 'sns'
  | 'sqs'
  | 'eks'
  | 'ecs'
  | 'cloudwatch'
  | 'config'
  | 'guardduty'
  | 'accessanalyzer'
  | 'securityhub';

export interface RuleFinding {
  /** Cloud-native id: ARN, instance id, sg id, `arn:aws:iam::<acct>:root`, `<acct>:<region>:ebs-default-encryption`… */
  resourceId: string;
  /** e.g. AWS::IAM::User, AWS::EC2::SecurityGroup */
  resourceType: string;
  region?: string;
  /** One line, specific: what is wrong with this resource. */
  message: string;
  /** Compact structured evidence (ports, key ids, days). Never a secret. */
  detail?: Record<string, unknown>;
}

export interface RuleDefinition {
  id: string;
  title: string;
  severity: Severity;
  service: Service;
  /** CIS AWS Foundations Benchmark v3.0.0 control id, e.g. "1.4". */
  cis?: string;
  rationale: string;
  /** What to do, with the AWS CLI command(s). */
  remediation: string;
  needs: Need[];
  /**
   * Findings; or findings plus `unchecked`: items the rule could not judge although its inputs
   * were present (e.g. one trail whose status could not be read) — the rule is then "partial".
   */
  evaluate(snapshot: AccountSnapshot): RuleFinding[] | { findings: RuleFinding[]; unchecked: string[] };
}

export function defineRule(def: RuleDefinition): RuleDefinition {
  return def;
}

export type RuleStatus = 'checked' | 'partial' | 'not_checked';

export interface RuleOutcome {
  rule: RuleDefinition;
  status: RuleStatus;
  findings: RuleFinding[];
  /** Why not (fully) checked: the missing inputs. */
  missing: string[];
  /** Evaluation time. */
  ms: number;
}
