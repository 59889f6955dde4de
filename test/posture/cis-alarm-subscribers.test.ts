/**
 * CIS 4.x: an alarm counts only when its SNS topic has a confirmed subscriber
 * (ListSubscriptionsByTopic). Fires on a topic whose only subscription is PendingConfirmation (or
 * has none); the near miss keeps a pending one beside a confirmed one and passes. Unread
 * subscriptions leave the control unchecked, never passed.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/posture/rules';
import { scanSnapshot } from '../../src/posture/scan';
import { ACCOUNT, region, snapshotWith } from './builders';
import { TOPIC } from './builders-monitoring';

const ROOT = 'cloudwatch-alarm-root-usage';
const rule = rules.filter((r) => r.id === ROOT);
const pending = { SubscriptionArn: 'PendingConfirmation', Owner: ACCOUNT, Protocol: 'email', TopicArn: TOPIC };

describe('CIS 4.x alarm topic subscribers', () => {
  it('fires when the alarm topic has only a PendingConfirmation subscription', () => {
    const s = snapshotWith((x) => {
      region(x).alarmTopicSubscriptions = [pending];
    });
    const r = scanSnapshot(s, rule);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.resourceId).toBe(`arn:aws:logs::${ACCOUNT}:cis-metric-filter/root-usage`);
    expect(r.findings[0]!.message).toMatch(/no confirmed subscription \(only PendingConfirmation\)/);
    expect(r.findings[0]!.detail).toMatchObject({ topics: [TOPIC], pendingSubscriptions: 1 });
  });

  it('fires when the topic has no subscription at all', () => {
    const s = snapshotWith((x) => {
      region(x).alarmTopicSubscriptions = [];
    });
    expect(scanSnapshot(s, rule).findings[0]!.message).toMatch(/no confirmed subscription, so the alarm pages nobody/);
  });

  it('near miss: a confirmed subscription beside a pending one passes', () => {
    const s = snapshotWith((x) => {
      region(x).alarmTopicSubscriptions!.unshift(pending);
    });
    const r = scanSnapshot(s, rule);
    expect(r.findings).toEqual([]);
    expect(r.checkedRules).toContain(ROOT);
  });

  it('a subscription confirmed on another topic does not count', () => {
    const s = snapshotWith((x) => {
      region(x).alarmTopicSubscriptions = [
        { ...pending, TopicArn: `${TOPIC}-other`, SubscriptionArn: `${TOPIC}-other:0c2f4b9e` },
      ];
    });
    expect(scanSnapshot(s, rule).findings).toHaveLength(1);
  });

  it('unread subscriptions leave the control not checked, not passed', () => {
    const s = snapshotWith((x) => {
      region(x).alarmTopicSubscriptions = undefined;
    });
    const r = scanSnapshot(s, rule);
    expect(r.findings).toEqual([]);
    expect(r.checkedRules).not.toContain(ROOT);
  });
});
