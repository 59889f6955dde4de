/**
 * The AssumeRole step of `trailhound accounts test` (the read role) and of its remediation half: one
 * short session with the External ID, from the ambient credentials, so both prove the trust policy
 * the same way. Throws what the SDK throws; the caller turns it into its own diagnosis.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ambientCredentials } from './clients';

export interface AssumedForTest {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The assumed-role ARN STS returned, or the role ARN when it returned none. */
  arn: string;
}

export async function assumeForTest(
  roleArn: string,
  sessionName: string,
  externalId: string,
  region: string,
): Promise<AssumedForTest> {
  const sts = new STSClient({ region, credentials: ambientCredentials(), maxAttempts: 3 });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        ExternalId: externalId,
        DurationSeconds: 900,
      }),
    );
    const c = out.Credentials!;
    return {
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken },
      arn: out.AssumedRoleUser?.Arn ?? roleArn,
    };
  } finally {
    sts.destroy();
  }
}
