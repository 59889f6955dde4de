import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MODEL, defaultDataDir, parseConfig } from '../src/config';

describe('config', () => {
  it('has working defaults with nothing set (offline, embedded database)', () => {
    const c = parseConfig({});
    expect(c.ANTHROPIC_MODEL).toBe(DEFAULT_MODEL);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.TRAILHOUND_REMEDIATION_ENABLED).toBe(false);
    expect(c.TRAILHOUND_PROPOSAL_TTL_MINUTES).toBe(30);
    expect(c.SLACK_ALLOWED_USERS).toEqual([]);
  });

  it('parses lists and switches', () => {
    const c = parseConfig({
      TRAILHOUND_APPROVERS_SLACK: 'U1, U2,,',
      TRAILHOUND_REMEDIATION_ENABLED: 'true',
      TRAILHOUND_MAX_ITERATIONS: '5',
    });
    expect(c.TRAILHOUND_APPROVERS_SLACK).toEqual(['U1', 'U2']);
    expect(c.TRAILHOUND_REMEDIATION_ENABLED).toBe(true);
    expect(c.TRAILHOUND_MAX_ITERATIONS).toBe(5);
  });

  it('per-person limits default on (blank means the default, 0 means none); WAF block sets must be IP set ARNs', () => {
    const d = parseConfig({});
    expect(d.TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER).toBe(2);
    expect(d.TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY).toBe(2_000_000);
    expect(d.TRAILHOUND_WAF_BLOCK_IP_SETS).toEqual([]);
    const blank = parseConfig({
      TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER: '',
      TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY: '',
    });
    expect(blank.TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER).toBe(2);
    expect(parseConfig({ TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY: '0' }).TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY).toBe(0);
    const arn = 'arn:aws:wafv2:us-east-1:222222222222:regional/ipset/blocklist/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
    expect(parseConfig({ TRAILHOUND_WAF_BLOCK_IP_SETS: ` ${arn} ` }).TRAILHOUND_WAF_BLOCK_IP_SETS).toEqual([arn]);
    expect(() => parseConfig({ TRAILHOUND_WAF_BLOCK_IP_SETS: 'corp-allowlist' })).toThrow(
      /TRAILHOUND_WAF_BLOCK_IP_SETS.*must be WAFv2 IP set ARNs/,
    );
    expect(() => parseConfig({ TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER: 'many' })).toThrow(ConfigError);
  });

  it('stops with a message that names the variable and how to fix it', () => {
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(ConfigError);
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(
      /SLACK_BOT_TOKEN: must start with xoxb-.*Bot User OAuth Token/,
    );
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => parseConfig({ TRAILHOUND_MAX_ITERATIONS: 'lots' })).toThrow(/TRAILHOUND_MAX_ITERATIONS/);
    expect(() => parseConfig({ OKTA_ORG_URL: 'https://example.okta.com' })).toThrow(
      /OKTA_API_TOKEN must be set together/,
    );
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toThrow(/SLACK_APP_TOKEN .*or SLACK_SIGNING_SECRET/);
  });
});

describe('data folder', () => {
  it('defaults to $XDG_DATA_HOME/trailhound, else ~/.local/share/trailhound — never the working directory', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/xdg', HOME: '/home/ana' })).toBe('/data/xdg/trailhound');
    expect(defaultDataDir({ HOME: '/home/ana' })).toBe('/home/ana/.local/share/trailhound');
    // The XDG spec ignores a relative XDG_DATA_HOME.
    expect(defaultDataDir({ XDG_DATA_HOME: 'rel/dir', HOME: '/home/ana' })).toBe('/home/ana/.local/share/trailhound');
    expect(defaultDataDir({ XDG_DATA_HOME: '', HOME: '/home/ana' })).toBe('/home/ana/.local/share/trailhound');
  });

  it('TRAILHOUND_DATA_DIR overrides it; an empty value means the default', () => {
    expect(parseConfig({ TRAILHOUND_DATA_DIR: '/srv/th' }).TRAILHOUND_DATA_DIR).toBe('/srv/th');
    expect(parseConfig({ TRAILHOUND_DATA_DIR: '' }).TRAILHOUND_DATA_DIR).toBe(defaultDataDir());
    expect(parseConfig({}).TRAILHOUND_DATA_DIR).toMatch(/^\/.*trailhound$/);
  });
});
