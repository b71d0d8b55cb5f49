import { describe, expect, it } from 'vitest';
import {
  daysOutOfOrder,
  noticeLogApiQuery,
  noticeLogSearch,
  parseNoticeLogFilters,
  senderText,
} from './mail-presentation.ts';

describe('the notice log’s filters', () => {
  it('keeps what it understands from the URL and drops the rest', () => {
    expect(
      parseNoticeLogFilters(
        new URLSearchParams(
          'status=failed&audience=staff&from=2026-12-01&to=2026-12-31&before=120&limit=9&notice=overdue',
        ),
      ),
    ).toEqual({ status: 'failed', audience: 'staff', from: '2026-12-01', to: '2026-12-31', before: '120' });
    expect(
      parseNoticeLogFilters(new URLSearchParams('status=lost&audience=partner&from=1/12/2026&to=&before=x1')),
    ).toEqual({});
  });

  it('writes the filters back into a URL in a fixed order, the page last', () => {
    expect(noticeLogSearch({ before: '7', to: '2026-12-02', status: 'held' })).toBe(
      '?status=held&to=2026-12-02&before=7',
    );
    expect(noticeLogSearch({})).toBe('');
  });

  it('asks the API for whole days in the user’s time zone, the last day included', () => {
    const query = noticeLogApiQuery({ from: '2026-12-01', to: '2026-12-03', audience: 'patron' }, 50);
    expect(query).toEqual({
      audience: 'patron',
      from: new Date('2026-12-01T00:00:00').toISOString(),
      to: new Date('2026-12-04T00:00:00').toISOString(),
      limit: 50,
    });
    expect(noticeLogApiQuery({}, 20)).toEqual({ limit: 20 });
  });

  it('refuses a first day after the last, and takes either alone', () => {
    expect(daysOutOfOrder('2026-12-05', '2026-12-01')).toBe(true);
    expect(daysOutOfOrder('2026-12-01', '2026-12-01')).toBe(false);
    expect(daysOutOfOrder('', '2026-12-01')).toBe(false);
  });
});

describe('a mail’s sender', () => {
  it('reads as the name with the address, or the address alone', () => {
    expect(senderText('Northbridge University Library', 'ill@northbridge.example')).toBe(
      'Northbridge University Library <ill@northbridge.example>',
    );
    expect(senderText(null, 'ill@northbridge.example')).toBe('ill@northbridge.example');
  });
});
