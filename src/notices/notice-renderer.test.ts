import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { NoticeRenderer } from './notice-renderer.ts';
import type { NoticeRendererRepositories } from './notice-renderer.ts';

describe('the notice renderer', () => {
  it('marks a notice it cannot write as failed, so that the notices queued after it still go out', async () => {
    const failed: { id: string; reason: string }[] = [];
    let claims = 0;
    const repositories = {
      notices: {
        claimToRender: async () => {
          claims++;
          return claims === 1
            ? {
                id: '7',
                libraryId: 'L',
                requestId: null,
                audience: 'staff',
                notice: 'partner-note',
                data: {},
              }
            : null;
        },
        library: async () => {
          throw new Error('the database gave back something unexpected');
        },
        markFailed: async (id: string, reason: string) => {
          failed.push({ id, reason });
        },
      },
    } as unknown as NoticeRendererRepositories;
    const work: UnitOfWork<NoticeRendererRepositories> = { run: (fn) => fn(repositories) };
    const renderer = new NoticeRenderer(work, new ManualClock());
    expect(await renderer.renderNext()).toBe('failed');
    expect(failed).toEqual([
      {
        id: '7',
        reason: 'Interlend could not write this notice: the database gave back something unexpected',
      },
    ]);
    expect(await renderer.renderNext()).toBe('none');
  });
});
