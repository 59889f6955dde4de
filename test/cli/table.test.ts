/** The CLI's plain-text tables and its one short timestamp format. */
import { describe, expect, it } from 'vitest';
import { renderTable, shortTime } from '../../src/cli/table';

describe('renderTable', () => {
  it('prints a header row and a rule, pads columns, clips long cells and leaves the last ragged', () => {
    const t = renderTable(
      [{ header: 'NAME' }, { header: 'ACCOUNT ID', max: 12 }, { header: 'ROLE', max: 10 }],
      [
        ['prod', '111111111111', 'arn:aws:iam::111111111111:role/TrailhoundReadOnly'],
        ['a-much-longer-name', '222222222222', 'short'],
      ],
    );
    expect(t.split('\n')).toEqual([
      'NAME                ACCOUNT ID    ROLE',
      '------------------  ------------  ----------',
      'prod                111111111111  arn:aws:i…',
      'a-much-longer-name  222222222222  short',
    ]);
  });

  it('keeps a row on one line whatever the cell holds', () => {
    expect(renderTable([{ header: 'A' }, { header: 'B' }], [['x\ny', 'z']]).split('\n')).toHaveLength(3);
  });
});

describe('shortTime', () => {
  it('is 2026-11-23 09:00Z, and a dash for nothing', () => {
    expect(shortTime(new Date('2026-11-23T09:00:41.123Z'))).toBe('2026-11-23 09:00Z');
    expect(shortTime('2026-11-23T09:00:00Z')).toBe('2026-11-23 09:00Z');
    expect(shortTime(null)).toBe('—');
  });
});
