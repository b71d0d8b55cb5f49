import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { useRouter } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { ConfirmDialog } from '../../ui/Dialog.tsx';
import { CheckboxField, TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { CreatePatronBody, PatronView, UpdatePatronBody } from './api-types.ts';
import {
  ConfigPage,
  flash,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { clientErrors, missingRequired, textOrNull, type FormFields } from './form-errors.ts';
import { LANGUAGE_PATTERN } from './NoticesPage.tsx';

const MIN_PIN = 4;
const CARD_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** `/staff/config/patrons/new` */
export function NewPatronPage({ user }: { user: StaffUserSummary }) {
  return (
    <ConfigPage user={user} section="patrons" title={t('config.patrons.addTitle')}>
      <PatronDetailsForm patron={null} onSaved={() => undefined} />
    </ConfigPage>
  );
}

/** `/staff/config/patrons/:id`: details, a new PIN, deactivation. */
export function EditPatronPage({ user, patronId }: { user: StaffUserSummary; patronId: string }) {
  const patron = useApi(
    (signal) => api.get<PatronView>(`/api/patrons/${encodeURIComponent(patronId)}`, undefined, { signal }),
    [patronId],
  );
  const [current, setCurrent] = useState<PatronView | null>(null);
  const shown = current ?? patron.data;
  const title =
    shown === undefined
      ? t('config.patrons.editTitleLoading')
      : t('config.patrons.editTitle', { name: shown.name, card: shown.cardNumber });
  return (
    <ConfigPage user={user} section="patrons" title={title}>
      <WhenLoaded state={patron}>
        {(loaded) => (
          <>
            <PatronDetailsForm patron={current ?? loaded} onSaved={setCurrent} />
            <PinForm patron={current ?? loaded} />
            <PatronActivation patron={current ?? loaded} onSaved={setCurrent} />
          </>
        )}
      </WhenLoaded>
    </ConfigPage>
  );
}

function PatronDetailsForm({
  patron,
  onSaved,
}: {
  patron: PatronView | null;
  onSaved: (patron: PatronView) => void;
}) {
  const id = useId();
  const { navigate } = useRouter();
  const [cardNumber, setCardNumber] = useState(patron?.cardNumber ?? '');
  const [name, setName] = useState(patron?.name ?? '');
  const [email, setEmail] = useState(patron?.email ?? '');
  const [category, setCategory] = useState(patron?.category ?? '');
  const [emailNotices, setEmailNotices] = useState(patron?.emailNotices ?? true);
  const [language, setLanguage] = useState(patron?.preferredLanguage ?? '');
  const [secret, setSecret] = useState('');
  const fields: FormFields = useMemo(
    () => ({
      cardNumber: { id: `${id}-card`, label: t('config.patrons.cardNumber') },
      name: { id: `${id}-name`, label: t('config.patrons.name') },
      email: { id: `${id}-email`, label: t('config.patrons.email') },
      category: { id: `${id}-category`, label: t('config.patrons.category') },
      emailNotices: { id: `${id}-notices`, label: t('config.patrons.emailNotices') },
      preferredLanguage: { id: `${id}-language`, label: t('config.patrons.language') },
      secret: { id: `${id}-secret`, label: t('config.patrons.pin') },
    }),
    [id],
  );
  const form = useSubmitter(fields);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const required = patron === null ? ['cardNumber', 'name', 'secret'] : ['name'];
    const problems = missingRequired({ cardNumber, name, secret }, required, fields);
    if (patron === null && problems.cardNumber === undefined && !CARD_PATTERN.test(cardNumber.trim())) {
      problems.cardNumber = t('config.error.pattern', { field: t('config.patrons.cardNumber') });
    }
    if (patron === null && problems.secret === undefined && secret.length < MIN_PIN) {
      problems.secret = t('config.patrons.pinShort', { count: MIN_PIN });
    }
    if (language.trim() !== '' && !LANGUAGE_PATTERN.test(language.trim())) {
      problems.preferredLanguage = t('config.notices.languageInvalid');
    }
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const common = {
      name: name.trim(),
      email: textOrNull(email),
      emailNotices,
      ...(category.trim() === '' ? {} : { category: category.trim() }),
      ...(language.trim() === '' ? {} : { preferredLanguage: language.trim() }),
    };
    if (patron === null) {
      const body: CreatePatronBody = { cardNumber: cardNumber.trim(), secret, ...common };
      const created = await form.run(() => api.post<PatronView>('/api/patrons', body));
      if (created !== undefined) {
        flash(t('config.patrons.added', { name: created.name }));
        navigate(`/staff/config/patrons/${created.id}`, { replace: true });
      }
      return;
    }
    const patch: UpdatePatronBody = common;
    await form.run(
      () => api.patch<PatronView>(`/api/patrons/${patron.id}`, patch),
      (saved) => {
        onSaved(saved);
        return t('config.patrons.saved', { name: saved.name });
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.patrons.detailsTitle')}</h2>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <form className="form form--wide config-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="form-grid">
          {patron === null ? (
            <TextField
              id={fields.cardNumber?.id}
              label={t('config.patrons.cardNumber')}
              hint={t('config.patrons.cardNumberHint')}
              required
              autoComplete="off"
              error={form.errors.fields.cardNumber}
              value={cardNumber}
              onChange={(event) => setCardNumber(event.target.value)}
            />
          ) : (
            <div className="field">
              <span className="field__label">{t('config.patrons.cardNumber')}</span>
              <span>{patron.cardNumber}</span>
            </div>
          )}
          <TextField
            id={fields.name?.id}
            label={t('config.patrons.name')}
            required
            autoComplete="off"
            error={form.errors.fields.name}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <TextField
            id={fields.email?.id}
            label={t('config.patrons.email')}
            type="email"
            autoComplete="off"
            error={form.errors.fields.email}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <TextField
            id={fields.category?.id}
            label={t('config.patrons.category')}
            hint={t('config.patrons.categoryHint')}
            autoComplete="off"
            error={form.errors.fields.category}
            value={category}
            onChange={(event) => setCategory(event.target.value)}
          />
          <TextField
            id={fields.preferredLanguage?.id}
            label={t('config.patrons.language')}
            hint={t('config.patrons.languageHint')}
            autoComplete="off"
            className="field__input field__input--short"
            error={form.errors.fields.preferredLanguage}
            value={language}
            onChange={(event) => setLanguage(event.target.value)}
          />
          {patron === null ? (
            <TextField
              id={fields.secret?.id}
              label={t('config.patrons.pin')}
              hint={t('config.patrons.pinHint', { count: MIN_PIN })}
              type="password"
              autoComplete="new-password"
              required
              error={form.errors.fields.secret}
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
            />
          ) : null}
        </div>
        <CheckboxField
          id={fields.emailNotices?.id}
          label={t('config.patrons.emailNotices')}
          hint={t('config.patrons.emailNoticesHint')}
          error={form.errors.fields.emailNotices}
          checked={emailNotices}
          onChange={(event) => setEmailNotices(event.target.checked)}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {patron === null ? t('config.patrons.addSubmit') : t('form.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function PinForm({ patron }: { patron: PatronView }) {
  const id = useId();
  const [secret, setSecret] = useState('');
  const fields: FormFields = useMemo(
    () => ({ secret: { id: `${id}-secret`, label: t('config.patrons.newPin') } }),
    [id],
  );
  const form = useSubmitter(fields);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (secret.length < MIN_PIN) {
      form.setErrors(clientErrors({ secret: t('config.patrons.pinShort', { count: MIN_PIN }) }, fields));
      return;
    }
    await form.run(
      () => api.patch<PatronView>(`/api/patrons/${patron.id}`, { secret }),
      () => {
        setSecret('');
        return t('config.patrons.pinSet', { name: patron.name });
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.patrons.pinTitle')}</h2>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id={fields.secret?.id}
          label={t('config.patrons.newPin')}
          hint={t('config.patrons.newPinHint', { count: MIN_PIN })}
          type="password"
          autoComplete="new-password"
          required
          error={form.errors.fields.secret}
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
        <div className="button-row">
          <button type="submit" className="button button--secondary" disabled={form.busy}>
            {t('config.patrons.setPin')}
          </button>
        </div>
      </form>
    </section>
  );
}

function PatronActivation({
  patron,
  onSaved,
}: {
  patron: PatronView;
  onSaved: (patron: PatronView) => void;
}) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const form = useSubmitter(useMemo(() => ({}), []));

  const setActive = async (active: boolean): Promise<void> => {
    setConfirming(false);
    await form.run(
      () => api.patch<PatronView>(`/api/patrons/${patron.id}`, { active }),
      (saved) => {
        onSaved(saved);
        return active
          ? t('config.patrons.reactivated', { name: saved.name })
          : t('config.patrons.deactivated', { name: saved.name });
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.patrons.activationTitle')}</h2>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <p>
        <span className={patron.active ? 'badge badge--done' : 'badge'}>
          {patron.active ? t('config.active') : t('config.inactive')}
        </span>
      </p>
      <div className="button-row">
        {patron.active ? (
          <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
            {t('config.patrons.deactivate')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            disabled={form.busy}
            onClick={() => void setActive(true)}
          >
            {t('config.patrons.reactivate')}
          </button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('config.patrons.deactivateTitle', { name: patron.name })}
        body={<p>{t('config.patrons.deactivateBody')}</p>}
        confirmLabel={t('config.patrons.deactivate')}
        busy={form.busy}
        onConfirm={() => void setActive(false)}
        onClose={() => setConfirming(false)}
      />
    </section>
  );
}
