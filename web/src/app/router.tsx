/**
 * A small client-side router over the History API: the current location as React state, links that
 * navigate without reloading, and path patterns with `:params` and a trailing `*`. Navigation moves
 * focus to the new page's main heading (see `PageHeading`), as screen-reader users expect.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';

export interface Location {
  readonly pathname: string;
  readonly search: string;
}

interface RouterValue {
  readonly location: Location;
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);

function currentLocation(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

/** Set while a navigation is in progress, so that the next page heading takes focus. */
let focusHeadingOnNextPage = false;

/** Whether the page just rendered was reached by in-app navigation; reading it clears it. */
export function takeNavigationFocus(): boolean {
  const value = focusHeadingOnNextPage;
  focusHeadingOnNextPage = false;
  return value;
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const onPop = (): void => {
      focusHeadingOnNextPage = true;
      setLocation(currentLocation());
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const url = new URL(to, window.location.href);
    const next = `${url.pathname}${url.search}${url.hash}`;
    if (options.replace === true) window.history.replaceState(null, '', next);
    else window.history.pushState(null, '', next);
    focusHeadingOnNextPage = true;
    setLocation(currentLocation());
    if (url.hash === '') window.scrollTo(0, 0);
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const router = useContext(RouterContext);
  if (router === null) throw new Error('useRouter outside RouterProvider');
  return router;
}

/** The query parameters of the current location. */
export function useSearchParams(): URLSearchParams {
  const { location } = useRouter();
  return useMemo(() => new URLSearchParams(location.search), [location.search]);
}

/**
 * Matches a path against a pattern: `/opac/:symbol/requests/:id` gives `{symbol, id}`; a trailing
 * `/*` matches the rest (as `*`). Undefined when it does not match.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = pathname.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < patternParts.length; i++) {
    const part = patternParts[i] as string;
    if (part === '*') {
      params['*'] = pathParts.slice(i).join('/');
      return params;
    }
    const value = pathParts[i];
    if (value === undefined) return undefined;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return pathParts.length === patternParts.length ? params : undefined;
}

/** One route of a {@link Routes} table. */
export interface Route {
  readonly path: string;
  render(params: Record<string, string>): ReactNode;
}

/** Renders the first route matching the location, or `fallback`. */
export function Routes({ routes, fallback }: { routes: readonly Route[]; fallback: ReactNode }) {
  const { location } = useRouter();
  for (const route of routes) {
    const params = matchPath(route.path, location.pathname);
    if (params !== undefined) return <>{route.render(params)}</>;
  }
  return <>{fallback}</>;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { readonly to: string };

/** An anchor that navigates in the app (ordinary clicks) and behaves as a link otherwise. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const { navigate } = useRouter();
  const handle = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target === '_blank'
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

/** Navigates as soon as it renders (e.g. to the login page). */
export function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}
