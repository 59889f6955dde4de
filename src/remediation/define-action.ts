/**
 * How a remediation action is declared: one self-describing module per action in ./actions.
 *
 * - `input`: zod schema of the validated parameters (stored with the proposal, hashed).
 * - `permissions`: the exact IAM actions the action calls (reads in precheck included); their union
 *   is the remediation role's policy (docs/remediation.md).
 * - `targets(input)`: what the action touches, for the guard-rails (protected principals, cap).
 * - `describe(input, observed?)`: the one line shown on the approval card (with what observe read).
 * - `observe(ctx, input)` (optional): read at proposal time with the READ role — e.g. a user's id and
 *   CreateDate — so the precheck can refuse when the target changed since (user re-created…).
 * - `precheck(ctx, input)`: re-reads the live state with the remediation role at execution time and
 *   returns the before-state, or refuses with a reason.
 * - `execute(ctx, input, before)`: performs the change through `ctx.step(...)` so that every step is
 *   recorded and a retry never repeats a step that already succeeded; returns the after-state.
 *
 * Mutating AWS calls exist only in ./actions and are reached only from src/approvals.
 */
import type { z } from 'zod';
import type { AwsAccount } from '../aws/accounts';

export type Risk = 'low' | 'medium' | 'high';

/** Something an action acts on, checked against the guard-rails. */
export interface Target {
  type: 'iam-user' | 'iam-role' | 'iam-group' | 'access-key' | 'ec2-instance' | 'waf-ip-set';
  /** Name or id as given (user name, key id, instance id, IP set name). */
  id: string;
  /** Full ARN when known. */
  arn?: string;
  /** Context only (e.g. the user owning a key): checked by the guard-rails, not counted against the cap. */
  context?: boolean;
}

export type SdkCtor<C> = new (config: Record<string, unknown>) => C;

/** Operator settings an action may need (from the configuration, passed in by src/approvals). */
export interface ActionSettings {
  /** WAFv2 IP set ARNs block_ip_in_waf may add to without finding a Block rule (TRAILHOUND_WAF_BLOCK_IP_SETS). */
  wafBlockIpSets: string[];
}

export interface ReadContext {
  account: AwsAccount;
  region: string;
  settings?: ActionSettings;
  /** An SDK client for this account and region (read role at proposal time, remediation role at execution). */
  client<C extends { middlewareStack: { add: (mw: never, opts: never) => void }; destroy(): void }>(
    Ctor: SdkCtor<C>,
    region?: string,
  ): C;
  now(): Date;
}

export interface StepPlan {
  id: string;
  title: string;
}

export interface ActionContext extends ReadContext {
  /** What `observe` returned at proposal time (null when it could not be read). */
  observed: unknown;
  /** Declares planned steps (shown as "remaining" if execution stops early). */
  plan(steps: StepPlan[]): void;
  /**
   * Runs one step once: a step that already succeeded in an earlier attempt is not run again (its
   * stored result is returned). A throwing step is recorded as failed and the error propagates.
   */
  step<T>(id: string, title: string, fn: () => Promise<T>): Promise<T>;
  /** Records a step that was decided without calling AWS (e.g. "already absent"). */
  note(id: string, title: string, status: 'skipped' | 'succeeded', detail?: string): void;
}

export type PrecheckResult<B> = { ok: true; before: B; notes?: string[] } | { ok: false; why: string };

export interface ActionDefinition<S extends z.ZodObject = z.ZodObject, B = unknown, A = unknown> {
  kind: string;
  title: string;
  /** One paragraph for the model and the approver: what it does, what it does not. */
  description: string;
  input: S;
  permissions: string[];
  risk: Risk;
  /** True for kinds that can require two approvers by default (delete user, terminate). */
  destructive: boolean;
  /** How to undo it, or null when it cannot be undone. */
  reversal: string | null;
  /** Region used when the proposal does not give one ('global' services use the account's first region). */
  regional: boolean;
  targets(input: z.output<S>): Target[];
  /** Region forced by the input (e.g. WAF CLOUDFRONT scope → us-east-1). */
  region?(input: z.output<S>): string | undefined;
  /** The card's one line; `observed` (what observe read) adds the real target, e.g. an ARN. */
  describe(input: z.output<S>, observed?: unknown): string;
  observe?(ctx: ReadContext, input: z.output<S>): Promise<unknown>;
  precheck(ctx: ActionContext, input: z.output<S>): Promise<PrecheckResult<B>>;
  execute(ctx: ActionContext, input: z.output<S>, before: B): Promise<{ after: A; summary: string }>;
}

export type AnyAction = ActionDefinition<z.ZodObject, unknown, unknown>;

export function defineAction<S extends z.ZodObject, B, A>(def: ActionDefinition<S, B, A>): ActionDefinition<S, B, A> {
  return def;
}

/** Raised by an action step; `code` is the AWS error code when there is one. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/** The AWS error code of an SDK error (`NoSuchEntity`, `DeleteConflict`, `WAFOptimisticLockException`…). */
export function awsCode(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string; __type?: string };
  return String(e?.Code ?? e?.name ?? e?.code ?? e?.__type ?? 'Error').replace(/^.*#/, '');
}
