/** Classifies a CloudTrail userAgent into how the call was made (pure). */
export type UaClass = 'console' | 'cli' | 'sdk' | 'terraform' | 'aws-service' | 'unknown';

export function classifyUserAgent(ua: string): UaClass {
  const s = ua.toLowerCase();
  if (!s) return 'unknown';
  if (s.includes('terraform') || s.includes('hashicorp')) return 'terraform';
  if (
    s.startsWith('aws-cli/') ||
    s.includes(' aws-cli/') ||
    s.startsWith('aws-powershell') ||
    s.includes('awspowershell')
  )
    return 'cli';
  if (
    s === 'signin.amazonaws.com' ||
    s === 'console.amazonaws.com' ||
    s.startsWith('mozilla/') ||
    s.includes('console.ec2.amazonaws.com') ||
    s === 'aws internal'
  )
    return 'console';
  if (/^[a-z0-9.-]+\.amazonaws\.com$/.test(s)) return 'aws-service';
  if (
    /boto3|botocore|aws-sdk|aws-sdk-go|aws-sdk-java|aws-sdk-js|aws-sdk-dotnet|aws-sdk-ruby|aws-sdk-php|aws-sdk-rust|aws-sdk-cpp|cdk|pulumi|cloudformation/.test(
      s,
    )
  )
    return 'sdk';
  return 'unknown';
}
