/**
 * Search filters (pure): which LookupEvents attribute to push down, and the client-side predicate
 * for everything else. LookupEvents accepts one attribute per request.
 */
import type { LookupKey } from '../sources/types';
import type { TrailEvent } from './record';

export interface TrailFilters {
  accessKeyId?: string;
  userName?: string;
}

/** Most selective first: an access key id names one credential; a user name one principal. */
export function chooseLookup(f: TrailFilters): { key: LookupKey; value: string } | undefined {
  if (f.accessKeyId) return { key: 'AccessKeyId', value: f.accessKeyId };
  if (f.userName) return { key: 'Username', value: f.userName };
  return undefined;
}

export function matches(e: TrailEvent, f: TrailFilters): boolean {
  if (f.accessKeyId && e.accessKeyId !== f.accessKeyId) return false;
  if (f.userName) {
    const u = f.userName.toLowerCase();
    const names = [e.userName, e.sessionName, e.record.userIdentity?.userName].filter(Boolean).map((s) => s!.toLowerCase());
    if (!names.includes(u)) return false;
  }
  return true;
}
