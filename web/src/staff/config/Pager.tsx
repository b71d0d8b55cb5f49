import { t } from '../../i18n/catalogue.ts';

/** Previous and next page buttons of a list paged by offset, with what is shown. */
export function Pager({
  offset,
  pageSize,
  shown,
  total,
  onPage,
}: {
  offset: number;
  pageSize: number;
  shown: number;
  total: number;
  onPage: (offset: number) => void;
}) {
  if (total <= pageSize && offset === 0) return null;
  return (
    <nav className="pagination" aria-label={t('paging.label')}>
      <button
        type="button"
        className="button button--secondary"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - pageSize))}
      >
        {t('paging.previous')}
      </button>
      <span>
        {t('paging.showingOf', {
          from: shown === 0 ? 0 : offset + 1,
          to: offset + shown,
          total,
        })}
      </span>
      <button
        type="button"
        className="button button--secondary"
        disabled={offset + shown >= total}
        onClick={() => onPage(offset + pageSize)}
      >
        {t('paging.next')}
      </button>
    </nav>
  );
}
