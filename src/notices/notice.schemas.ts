/** Request and response schemas of `/api/notices/…` and `/api/requests/:id/notices`. */
import { Type, type Static } from 'typebox';
import { LANGUAGE_PATTERN, NOTICE_NAMES, TEMPLATE_KINDS } from './notice-catalogue.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const Language = Type.String({
  pattern: LANGUAGE_PATTERN,
  description: 'A language tag: `en`, `fr`, `pt-BR`.',
  examples: ['en'],
});

export const TemplateKindSchema = Type.Enum([...TEMPLATE_KINDS], {
  description: '`notice` (to patrons and staff) or `partner` (a message emailed to a partner library).',
});

const NoticeNameSchema = Type.Enum([...NOTICE_NAMES], { description: 'A notice.' });

export const TemplateParams = Type.Object(
  {
    kind: TemplateKindSchema,
    name: Type.String({
      pattern: '^[a-z][a-z-]{0,63}$',
      description: 'The notice (`pickup-ready`…) or partner message (`request`, `shipped`…).',
    }),
    language: Language,
  },
  closed,
);
export type TemplateParams = Static<typeof TemplateParams>;

const Subject = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'The subject line, with placeholders.',
});
const Body = Type.String({
  minLength: 1,
  maxLength: 20000,
  description: 'The plain-text body, with placeholders.',
});

export const TemplateBody = Type.Object({ subject: Subject, body: Body }, closed);
export type TemplateBody = Static<typeof TemplateBody>;

export const TemplateView = Type.Object(
  {
    kind: TemplateKindSchema,
    name: Type.String(),
    audience: Nullable(Type.Enum(['patron', 'staff', 'partner'])),
    kohaCode: Nullable(Type.String({ description: 'Koha’s letter code, e.g. ILL_PICKUP_READY.' })),
    description: Type.String(),
    language: Type.String({ description: 'The language of the text shown.' }),
    source: Type.Enum(['library', 'built-in'], {
      description: '`library`: the library’s own text; `built-in`: Interlend’s English default.',
    }),
    subject: Type.String(),
    body: Type.String(),
    updatedAt: Nullable(DateTime),
    updatedBy: Nullable(Type.String()),
  },
  { ...closed, description: 'The text a notice or partner email is sent with, in one language.' },
);
export type TemplateView = Static<typeof TemplateView>;

export const PlaceholderView = Type.Object(
  { name: Type.String(), description: Type.String(), sample: Type.String() },
  closed,
);

export const TemplateListQuery = Type.Object(
  { language: Type.Optional(Language) },
  { ...closed, description: 'The language to show; the library’s default language when omitted.' },
);

export const TemplateList = Type.Object(
  {
    language: Type.String(),
    items: Type.Array(TemplateView),
    placeholders: Type.Array(PlaceholderView),
  },
  closed,
);
export type TemplateList = Static<typeof TemplateList>;

export const PreviewBody = Type.Object(
  {
    kind: TemplateKindSchema,
    name: Type.String({ pattern: '^[a-z][a-z-]{0,63}$' }),
    subject: Subject,
    body: Body,
  },
  { ...closed, description: 'A template to render against a sample request, without saving it.' },
);
export type PreviewBody = Static<typeof PreviewBody>;

export const PreviewView = Type.Object(
  { subject: Type.String(), body: Type.String() },
  { ...closed, description: 'The template rendered with the sample values of every placeholder.' },
);
export type PreviewView = Static<typeof PreviewView>;

export const TriggerView = Type.Object(
  {
    notice: NoticeNameSchema,
    audience: Type.Enum(['patron', 'staff']),
    kohaCode: Nullable(Type.String()),
    description: Type.String(),
    enabled: Type.Boolean(),
  },
  closed,
);

export const NoticeSettingsView = Type.Object(
  {
    defaultLanguage: Type.String({
      description:
        'The language of staff notices and partner emails, and of patron notices without a template in the patron’s language.',
    }),
    dueSoonDays: Type.Integer({
      description: 'Days before a loan is due that the due-soon notice goes out; 0 for none.',
    }),
    staffEmail: Nullable(
      Type.String({ description: 'Where staff notices go; the library’s ILL email when null.' }),
    ),
    triggers: Type.Array(TriggerView, { description: 'Each notice, and whether the library sends it.' }),
  },
  closed,
);
export type NoticeSettingsView = Static<typeof NoticeSettingsView>;

export const NoticeSettingsPatch = Type.Object(
  {
    defaultLanguage: Type.Optional(Language),
    dueSoonDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    staffEmail: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
    triggers: Type.Optional(
      Type.Object(Object.fromEntries(NOTICE_NAMES.map((name) => [name, Type.Optional(Type.Boolean())])), {
        ...closed,
        description: 'Notices to switch on (true) or off (false), e.g. `{ "request-placed": false }`.',
      }),
    ),
  },
  { ...closed, description: 'The settings to change; those left out stay as they are.' },
);
export type NoticeSettingsPatch = Static<typeof NoticeSettingsPatch>;

export const DeliveryStatus = Type.Enum(['queued', 'skipped', 'held', 'sent', 'failed'], {
  description:
    '`queued`: waiting to be sent (or to be tried again); `skipped`: not sent, see `skipReason`; `held`: kept in the mail outbox because no SMTP server is configured; `sent`: the SMTP server accepted it; `failed`: given up, see `lastError`.',
});

export const NoticeView = Type.Object(
  {
    id: Type.String(),
    requestId: Nullable(Type.String()),
    requestReference: Nullable(Type.String()),
    audience: Type.Enum(['patron', 'staff']),
    notice: Type.String(),
    status: DeliveryStatus,
    recipient: Nullable(Type.String()),
    language: Nullable(Type.String()),
    subject: Nullable(Type.String()),
    body: Nullable(Type.String()),
    skipReason: Nullable(Type.String()),
    mailId: Nullable(Type.String()),
    attempts: Type.Integer(),
    lastError: Nullable(Type.String({ description: 'The SMTP server’s answer to the last failed attempt.' })),
    smtpResponse: Nullable(
      Type.String({ description: 'The SMTP server’s answer when it accepted the mail.' }),
    ),
    nextAttemptAt: Nullable(DateTime),
    createdAt: DateTime,
    sentAt: Nullable(DateTime),
  },
  closed,
);
export type NoticeView = Static<typeof NoticeView>;

export const NoticeLogQuery = Type.Object(
  {
    status: Type.Optional(DeliveryStatus),
    audience: Type.Optional(Type.Enum(['patron', 'staff'])),
    notice: Type.Optional(NoticeNameSchema),
    from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Notices created at or after this time.' }),
    ),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Notices created before this time.' })),
    before: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,19}$', description: 'The next page: notices older than this id.' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  closed,
);
export type NoticeLogQuery = Static<typeof NoticeLogQuery>;

export const NoticeLog = Type.Object(
  {
    items: Type.Array(NoticeView),
    nextBefore: Nullable(
      Type.String({ description: 'Pass as `before` for the next page; null on the last.' }),
    ),
  },
  closed,
);
export type NoticeLog = Static<typeof NoticeLog>;
