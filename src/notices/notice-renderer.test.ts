import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { NoticeRenderer } from './notice-renderer.ts';
import type { NoticeRendererRepositories } from './notice-renderer.ts';
import type { QueuedNotice } from './notice.repository.ts';

/** Repositories whose notices are `queued`, each failing to be written as `library()` throws. */
function failingRepositories(queued: QueuedNotice[]) {
  const failed: { id: string; reason: string }[] = [];
  const inserted: Record<string, unknown>[] = [];
  const repositories = {
    notices: {
      claimToRender: async () => queued.shift() ?? null,
      library: async () => {
        throw new Error('the database gave back something unexpected');
      },
      markFailed: async (id: string, reason: string) => {
        failed.push({ id, reason });
      },
      insert: async (notice: Record<string, unknown>) => {
        inserted.push(notice);
        return true;
      },
    },
  } as unknown as NoticeRendererRepositories;
  const work: UnitOfWork<NoticeRendererRepositories> = { run: (fn) => fn(repositories) };
  return { work, failed, inserted };
}

describe('the notice renderer', () => {
  it('marks a notice it cannot write as failed and tells staff, so that the notices queued after it still go out', async () => {
    const clock = new ManualClock('2026-12-01T09:00:00Z');
    const { work, failed, inserted } = failingRepositories([
      { id: '7', libraryId: 'L', requestId: 'R', audience: 'patron', notice: 'overdue', data: {} },
    ]);
    const renderer = new NoticeRenderer(work, clock);
    expect(await renderer.renderNext()).toBe('failed');
    const reason = 'Interlend could not write this notice: the database gave back something unexpected';
    expect(failed).toEqual([{ id: '7', reason }]);
    expect(inserted).toEqual([
      {
        libraryId: 'L',
        requestId: 'R',
        audience: 'staff',
        notice: 'delivery-failed',
        data: {
          noticeId: '7',
          failure: expect.objectContaining({
            what: 'the overdue notice',
            recipient: 'the patron',
            error: reason,
          }),
        },
        at: clock.now(),
      },
    ]);
    expect(await renderer.renderNext()).toBe('none');
  });

  it('does not tell staff of a delivery-failed notice that cannot be written, which would loop', async () => {
    const { work, failed, inserted } = failingRepositories([
      { id: '8', libraryId: 'L', requestId: null, audience: 'staff', notice: 'delivery-failed', data: {} },
    ]);
    const renderer = new NoticeRenderer(work, new ManualClock());
    expect(await renderer.renderNext()).toBe('failed');
    expect(failed.map((notice) => notice.id)).toEqual(['8']);
    expect(inserted).toEqual([]);
  });
});
