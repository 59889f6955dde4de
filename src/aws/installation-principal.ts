/** Who Trailhound runs as: TRAILHOUND_PRINCIPAL_ARN, else sts:GetCallerIdentity on the ambient chain. */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ambientCredentials } from './clients';

export async function installationPrincipal(configured?: string): Promise<{ arn: string; known: boolean }> {
  if (configured) return { arn: configured, known: true };
  const sts = new STSClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: ambientCredentials(),
    maxAttempts: 1,
  });
  try {
    const who = await Promise.race([
      sts.send(new GetCallerIdentityCommand({})),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 4000)),
    ]);
    return { arn: who.Arn!, known: true };
  } catch {
    return { arn: 'arn:aws:iam::TRAILHOUND_ACCOUNT_ID:root', known: false };
  } finally {
    sts.destroy();
  }
}
