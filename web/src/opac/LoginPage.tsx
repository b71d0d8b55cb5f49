/**
 * Patrons log in with their library card number and PIN, on the login page (which returns them to
 * where they were going) or on the library's landing page.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import type { OpacLibrary } from '../api/types.ts';
import { Redirect, useRouter, useSearchParams } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { t } from '../i18n/catalogue.ts';
import { Alert, ErrorSummary, errorText, Loading } from '../ui/feedback.tsx';
import { TextField } from '../ui/fields.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { safeNext } from './opac-paths.ts';
import { useVisitor } from './opac-ui.tsx';

/** The card number and PIN form; `onDone` runs once the patron is logged in. */
export function LoginForm({ library, onDone }: { library: OpacLibrary; onDone?: () => void }) {
  const { loginPatron } = useSession();
  const [cardNumber, setCardNumber] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ cardNumber?: string; secret?: string }>({});
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const idPrefix = `opac-login-${library.symbol}`;

  const summary = useMemo(
    () =>
      [
        errors.cardNumber === undefined ? null : { fieldId: `${idPrefix}-card`, message: errors.cardNumber },
        errors.secret === undefined ? null : { fieldId: `${idPrefix}-secret`, message: errors.secret },
      ].filter((entry) => entry !== null),
    [errors, idPrefix],
  );

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const missing = {
      ...(cardNumber.trim() === '' ? { cardNumber: t('opac.login.error.cardNumber') } : {}),
      ...(secret === '' ? { secret: t('opac.login.error.secret') } : {}),
    };
    setErrors(missing);
    setFailure(undefined);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      await loginPatron(library.symbol, cardNumber.trim(), secret);
      onDone?.();
    } catch (error) {
      setFailure(
        error instanceof ApiError && error.status === 401 ? t('opac.login.failed') : errorText(error),
      );
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary errors={summary} {...(failure === undefined ? {} : { message: failure })} />
      <form onSubmit={(event) => void submit(event)} className="form" noValidate>
        <TextField
          id={`${idPrefix}-card`}
          label={t('opac.login.cardNumber')}
          name="cardNumber"
          autoComplete="username"
          required
          error={errors.cardNumber}
          value={cardNumber}
          onChange={(event) => setCardNumber(event.target.value)}
        />
        <TextField
          id={`${idPrefix}-secret`}
          label={t('opac.login.secret')}
          name="secret"
          type="password"
          autoComplete="current-password"
          required
          error={errors.secret}
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('opac.login.busy') : t('opac.login.submit')}
          </button>
        </div>
      </form>
    </>
  );
}

/** `/opac/<symbol>/login?next=…`: log in, then go on to `next` (a page of this library). */
export function LoginPage({ library }: { library: OpacLibrary }) {
  const { session } = useSession();
  const visitor = useVisitor(library);
  const { navigate } = useRouter();
  const params = useSearchParams();
  const nextParam = params.get('next');
  const next = safeNext(library.symbol, nextParam);
  if (visitor.kind === 'loading') {
    return (
      <main id="main" className="page page--narrow opac">
        <Loading />
      </main>
    );
  }
  if (visitor.kind === 'patron') return <Redirect to={next} />;
  return (
    <main id="main" className="page page--narrow opac">
      <PageHeading title={t('opac.login.title')}>{t('opac.login.title')}</PageHeading>
      {session.kind === 'anonymous' && session.ended ? (
        <Alert tone="info">{t('auth.sessionExpired')}</Alert>
      ) : null}
      {visitor.otherLibrary !== null ? (
        <Alert tone="info">{t('opac.login.otherLibrary', { library: visitor.otherLibrary })}</Alert>
      ) : nextParam !== null ? (
        <Alert tone="info">{t('opac.login.needed')}</Alert>
      ) : null}
      <p>{t('opac.login.intro')}</p>
      <LoginForm library={library} onDone={() => navigate(next, { replace: true })} />
    </main>
  );
}
