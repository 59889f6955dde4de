/**
 * Bounding attacker-controlled text for results (pure): CloudTrail fields (userAgent, session names,
 * request parameters) are data chosen by whoever made the call. They are kept verbatim (so an
 * analyst sees exactly what was sent) but clipped; rendering surfaces escape them for their medium.
 */
export function clip(s: string | null | undefined, n: number): string {
  const v = s ?? '';
  return v.length > n ? `${v.slice(0, Math.max(0, n - 1))}…` : v;
}
