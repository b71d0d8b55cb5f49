import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { useSession } from '../app/session.tsx';
import { t } from '../i18n/catalogue.ts';
import { Alert, ErrorSummary, errorText } from '../ui/feedback.tsx';
import { TextField } from '../ui/fields.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';

/** Staff log in with their username and password; they stay on the page they asked for. */
export function StaffLoginPage({ ended }: { ended: boolean }) {
  const { loginStaff } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await loginStaff(username, password);
    } catch (error) {
      setFailure(
        error instanceof ApiError && error.status === 401 ? t('staff.login.failed') : errorText(error),
      );
      setBusy(false);
    }
  };

  return (
    <main id="main" className="page page--narrow">
      <PageHeading title={t('staff.login.title')}>{t('staff.login.title')}</PageHeading>
      {ended ? <Alert tone="info">{t('auth.sessionExpired')}</Alert> : null}
      <ErrorSummary errors={[]} {...(failure === undefined ? {} : { message: failure })} />
      <form onSubmit={(event) => void submit(event)} className="form" noValidate>
        <TextField
          label={t('staff.login.username')}
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <TextField
          label={t('staff.login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('staff.login.submit')}
        </button>
      </form>
    </main>
  );
}
