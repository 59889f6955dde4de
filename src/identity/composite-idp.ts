/**
 * Several identity providers as one (pure composition). Users of every provider are listed and
 * tagged with their provider and its priority (the configured order): a person found in any
 * provider counts as present, and the record in the highest-priority provider that has them (the
 * one that owns them) decides whether they are offboarded (src/identity/match.ts).
 * If any provider cannot be read, the whole listing fails with every provider's reason: a partial
 * directory would report present people as missing and miss offboarded ones.
 */
import type { IdentityProvider, IdpUser } from './idp';

export class IdpReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdpReadError';
  }
}

export class CompositeIdp implements IdentityProvider {
  readonly kind: string;
  readonly where: string;
  readonly permission: string;

  constructor(readonly providers: IdentityProvider[]) {
    this.kind = providers.map((p) => p.kind).join('+');
    this.where = providers.map((p) => `${p.kind}: ${p.where}`).join('; ');
    this.permission = providers.map((p) => p.permission ?? `${p.kind} read-only user listing`).join('; ');
  }

  async listUsers(opts?: { signal?: AbortSignal }): Promise<IdpUser[]> {
    const results = await Promise.allSettled(this.providers.map((p) => p.listUsers(opts)));
    const failed = results.flatMap((r, i) =>
      r.status === 'rejected'
        ? [`${this.providers[i]!.kind}: ${(r.reason as Error)?.message ?? String(r.reason)}`]
        : [],
    );
    if (failed.length)
      throw new IdpReadError(
        `${failed.length} of ${this.providers.length} identity providers could not be read, so the IdP checks were not run: ${failed.join(' | ')}`,
      );
    return results.flatMap((r, i) =>
      r.status === 'fulfilled'
        ? r.value.map((u) => ({ ...u, provider: this.providers[i]!.kind, providerRank: i }))
        : [],
    );
  }
}

/** One provider stays itself; several become a CompositeIdp; none is undefined. */
export function combineIdps(providers: IdentityProvider[]): IdentityProvider | undefined {
  if (providers.length === 0) return undefined;
  if (providers.length === 1) return providers[0];
  return new CompositeIdp(providers);
}

export const IDP_KINDS = ['okta', 'entra', 'google', 'jumpcloud', 'onelogin'] as const;
export type IdpKind = (typeof IDP_KINDS)[number];

/** Orders providers by TRAILHOUND_IDP_PRIORITY (kinds, comma-separated); unnamed ones keep their order after. */
export function orderIdps<T extends { kind: string }>(providers: T[], priority: string[]): T[] {
  const rank = (k: string) => {
    const i = priority.map((p) => p.toLowerCase()).indexOf(k);
    return i < 0 ? priority.length + IDP_KINDS.indexOf(k as IdpKind) : i;
  };
  return [...providers].sort((a, b) => rank(a.kind) - rank(b.kind));
}
