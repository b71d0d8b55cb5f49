import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { t } from '../../i18n/catalogue.ts';
import { CheckboxField, TextArea, TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { LibrarySettings, LibrarySettingsPatch, Protocol } from './api-types.ts';
import {
  ConfigPage,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { CheckboxGroup, optionId } from './controls.tsx';
import { clientErrors, parseWholeNumber, textOrNull, type FormFields } from './form-errors.ts';
import { protocolLabel } from './labels.ts';
import { PickupBranches } from './PickupBranches.tsx';

const BACKENDS: readonly Protocol[] = ['iso18626', 'email', 'manual'];

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** `/staff/config/settings`: the library's settings (Koha's ILL preferences) and pickup branches. */
export function SettingsPage({ user }: { user: StaffUserSummary }) {
  const settings = useApi(
    (signal) => api.get<LibrarySettings>('/api/library/settings', undefined, { signal }),
    [],
  );
  return (
    <ConfigPage user={user} section="settings">
      <WhenLoaded state={settings}>{(loaded) => <SettingsForm settings={loaded} />}</WhenLoaded>
      <PickupBranches />
    </ConfigPage>
  );
}

interface Values {
  readonly name: string;
  readonly email: string;
  readonly address: string;
  readonly timezone: string;
  readonly illModuleEnabled: boolean;
  readonly copyright: string;
  readonly unauthenticated: boolean;
  readonly autoAdvance: boolean;
  readonly days: string;
  readonly backends: readonly string[];
}

function valuesOf(settings: LibrarySettings): Values {
  return {
    name: settings.name,
    email: settings.email ?? '',
    address: settings.address ?? '',
    timezone: settings.timezone,
    illModuleEnabled: settings.illModuleEnabled,
    copyright: settings.copyrightClearance ?? '',
    unauthenticated: settings.unauthenticatedRequests,
    autoAdvance: settings.autoAdvance,
    days: String(settings.defaultDaysToRespond),
    backends: settings.enabledBackends,
  };
}

function SettingsForm({ settings }: { settings: LibrarySettings }) {
  const id = useId();
  const [values, setValues] = useState(() => valuesOf(settings));
  const set = <K extends keyof Values>(key: K, value: Values[K]): void =>
    setValues((current) => ({ ...current, [key]: value }));
  const {
    name,
    email,
    address,
    timezone,
    illModuleEnabled,
    copyright,
    unauthenticated,
    autoAdvance,
    days,
    backends,
  } = values;
  const zones = useMemo(timeZones, []);

  const fields: FormFields = useMemo(
    () => ({
      name: { id: `${id}-name`, label: t('config.settings.name') },
      email: { id: `${id}-email`, label: t('config.settings.email') },
      address: { id: `${id}-address`, label: t('config.settings.address') },
      timezone: { id: `${id}-timezone`, label: t('config.settings.timezone') },
      illModuleEnabled: { id: `${id}-module`, label: t('config.settings.illModuleEnabled') },
      copyrightClearance: { id: `${id}-copyright`, label: t('config.settings.copyright') },
      unauthenticatedRequests: { id: `${id}-unauthenticated`, label: t('config.settings.unauthenticated') },
      autoAdvance: { id: `${id}-advance`, label: t('config.settings.autoAdvance') },
      defaultDaysToRespond: { id: `${id}-days`, label: t('config.settings.days') },
      enabledBackends: {
        id: optionId(`${id}-backends`, BACKENDS[0] as string),
        label: t('config.settings.backends'),
      },
    }),
    [id],
  );
  const form = useSubmitter(fields);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const daysValue = parseWholeNumber(days);
    const problems: Record<string, string> = {};
    if (name.trim() === '') problems.name = t('config.error.required', { field: fields.name?.label ?? '' });
    if (timezone.trim() === '') {
      problems.timezone = t('config.error.required', { field: fields.timezone?.label ?? '' });
    }
    if (daysValue === undefined)
      problems.defaultDaysToRespond = t('config.error.wholeNumber', { field: t('config.settings.days') });
    if (backends.length === 0) problems.enabledBackends = t('config.settings.backendsNeeded');
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const patch: LibrarySettingsPatch = {
      name: name.trim(),
      email: textOrNull(email),
      address: textOrNull(address),
      timezone: timezone.trim(),
      illModuleEnabled,
      copyrightClearance: copyright.trim() === '' ? null : copyright,
      unauthenticatedRequests: unauthenticated,
      autoAdvance,
      defaultDaysToRespond: daysValue as number,
      enabledBackends: BACKENDS.filter((backend) => backends.includes(backend)),
    };
    void form.run(
      () => api.patch<LibrarySettings>('/api/library/settings', patch),
      (saved) => {
        setValues(valuesOf(saved));
        return t('config.settings.saved');
      },
    );
  };

  const errors = form.errors.fields;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="visually-hidden">
        {t('config.settings.formHeading')}
      </h2>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <form className="form form--wide config-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('config.settings.module')}</legend>
          <div className="config-form__stack">
            <CheckboxField
              id={fields.illModuleEnabled?.id}
              label={t('config.settings.illModuleEnabled')}
              hint={t('config.settings.illModuleEnabledHint')}
              error={errors.illModuleEnabled}
              checked={illModuleEnabled}
              onChange={(event) => set('illModuleEnabled', event.target.checked)}
            />
            <CheckboxField
              id={fields.unauthenticatedRequests?.id}
              label={t('config.settings.unauthenticated')}
              hint={t('config.settings.unauthenticatedHint')}
              error={errors.unauthenticatedRequests}
              checked={unauthenticated}
              onChange={(event) => set('unauthenticated', event.target.checked)}
            />
            <TextArea
              id={fields.copyrightClearance?.id}
              label={t('config.settings.copyright')}
              hint={t('config.settings.copyrightHint')}
              error={errors.copyrightClearance}
              rows={5}
              value={copyright}
              onChange={(event) => set('copyright', event.target.value)}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('config.settings.library')}</legend>
          <p className="muted">{t('config.settings.symbol', { symbol: settings.symbol })}</p>
          <div className="form-grid">
            <TextField
              id={fields.name?.id}
              label={t('config.settings.name')}
              required
              error={errors.name}
              value={name}
              onChange={(event) => set('name', event.target.value)}
            />
            <TextField
              id={fields.email?.id}
              label={t('config.settings.email')}
              hint={t('config.settings.emailHint')}
              type="email"
              autoComplete="off"
              error={errors.email}
              value={email}
              onChange={(event) => set('email', event.target.value)}
            />
            <TextField
              id={fields.timezone?.id}
              label={t('config.settings.timezone')}
              hint={t('config.settings.timezoneHint')}
              required
              list={`${id}-zones`}
              error={errors.timezone}
              value={timezone}
              onChange={(event) => set('timezone', event.target.value)}
            />
          </div>
          <datalist id={`${id}-zones`}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <TextArea
            id={fields.address?.id}
            label={t('config.settings.address')}
            hint={t('config.settings.addressHint')}
            rows={3}
            error={errors.address}
            value={address}
            onChange={(event) => set('address', event.target.value)}
          />
        </fieldset>

        <fieldset>
          <legend>{t('config.settings.workflow')}</legend>
          <div className="config-form__stack">
            <CheckboxGroup
              id={`${id}-backends`}
              name="enabledBackends"
              legend={t('config.settings.backends')}
              hint={t('config.settings.backendsHint')}
              error={errors.enabledBackends}
              options={BACKENDS.map((backend) => ({ value: backend, label: protocolLabel(backend) }))}
              selected={backends}
              onChange={(selected) => set('backends', selected)}
            />
            <TextField
              id={fields.defaultDaysToRespond?.id}
              label={t('config.settings.days')}
              hint={t('config.settings.daysHint')}
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              required
              className="field__input field__input--short"
              error={errors.defaultDaysToRespond}
              value={days}
              onChange={(event) => set('days', event.target.value)}
            />
            <CheckboxField
              id={fields.autoAdvance?.id}
              label={t('config.settings.autoAdvance')}
              hint={t('config.settings.autoAdvanceHint')}
              error={errors.autoAdvance}
              checked={autoAdvance}
              onChange={(event) => set('autoAdvance', event.target.checked)}
            />
          </div>
        </fieldset>

        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {form.busy ? t('form.saving') : t('config.settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
