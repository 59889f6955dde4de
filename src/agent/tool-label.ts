/** What a person is told while a tool runs ("Searching CloudTrail…"): the CLI and Slack say the same. */
const TOOL_LABEL: Record<string, string> = {
  cloudtrail_search: 'Searching CloudTrail',
  posture_scan: 'Scanning posture',
  map_identity: 'Mapping the identity across IdP, IAM and CloudTrail',
  discover_auth_model: 'Working out how people log in',
  analyze_role: 'Analysing the role',
  analyze_roles: 'Ranking roles by risk',
  crowdstrike_correlate: 'Correlating the CrowdStrike alert with CloudTrail',
};

export function toolLabel(name: string): string {
  if (TOOL_LABEL[name]) return TOOL_LABEL[name];
  if (name.startsWith('propose_')) return `Preparing a proposal (${name.slice(8).replace(/_/g, ' ')})`;
  return `Running ${name}`;
}

/**
 * A progress sink that names the running tool: "Searching CloudTrail (cloudtrail_search) — 2/3
 * regions done…". `start` is called when a tool starts; every message after it carries its label.
 */
export function toolProgress(say: (m: string) => void): { start(name: string): void; say(m: string): void } {
  let current = '';
  return {
    start(name) {
      current = `${toolLabel(name)} (${name})`;
      say(`${current}…`);
    },
    say(m) {
      say(current && !m.startsWith(current) ? `${current} — ${m}` : m);
    },
  };
}
