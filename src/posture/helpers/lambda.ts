/** Lambda helpers (pure): who a function's resource policy lets invoke it, outside its function URL. */
import type { LambdaFunction } from '../workloads';
import type { AccountSnapshot } from '../snapshot';
import { grantCovers, type PolicyGrant, resourcePolicyAccess } from './resource-policy';
import { arnOf, itemsOf } from './workloads';

/** Conditions that tie a grant to the function URL (judged by lambda-function-url-public instead). */
const URL_KEYS = ['lambda:functionurlauthtype', 'lambda:invokedviafunctionurl'];

export const functionArn = (s: AccountSnapshot, region: string, f: LambdaFunction) =>
  f.FunctionArn ?? arnOf(s, 'lambda', region, `function:${f.FunctionName}`);

/**
 * Functions whose policy was read, with their public and cross-account grants that cover
 * lambda:InvokeFunction outside the URL; and the functions whose policy could not be read.
 */
export function invokeGrants(s: AccountSnapshot): {
  functions: { region: string; fn: LambdaFunction; public: PolicyGrant[]; crossAccount: PolicyGrant[] }[];
  unchecked: string[];
} {
  const out: { region: string; fn: LambdaFunction; public: PolicyGrant[]; crossAccount: PolicyGrant[] }[] = [];
  const unchecked: string[] = [];
  for (const { region, item: fn } of itemsOf(s, 'lambdaFunctions')) {
    if (fn.Policy === undefined) {
      unchecked.push(`${region} ${fn.FunctionName} (lambda:GetPolicy failed)`);
      continue;
    }
    const a = resourcePolicyAccess(fn.Policy, s.account.accountId);
    const invoke = (g: PolicyGrant) =>
      grantCovers(g, ['lambda:InvokeFunction']) && !g.conditions.some((c) => URL_KEYS.includes(c));
    out.push({ region, fn, public: a.public.filter(invoke), crossAccount: a.crossAccount.filter(invoke) });
  }
  return { functions: out, unchecked };
}
