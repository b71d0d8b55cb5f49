import { useEffect, useRef, type ReactNode } from 'react';
import { takeNavigationFocus } from '../app/router.tsx';
import { t } from '../i18n/catalogue.ts';

/**
 * The page's one `h1`. It names the page in the browser tab too, and after an in-app navigation it
 * takes focus, so that keyboard and screen-reader users start at the new page, as after a reload.
 */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);
  useEffect(() => {
    if (takeNavigationFocus()) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
