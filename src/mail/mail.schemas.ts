/** Request and response schemas of `/api/mail/…` and `/api/lending/requests`. */
import { Type, type Static } from 'typebox';
import { NewRequestDetailsSchema } from '../requests/request-details.ts';
import { MESSAGES } from '../workflow/vocabulary.ts';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const MailStatusSchema = Type.Enum(['queued', 'held', 'sent', 'failed'], {
  description:
    '`queued`: waiting to be sent or tried again; `held`: kept here because no SMTP server is configured; `sent`: the SMTP server accepted it; `failed`: given up, see `lastError`.',
});

export const MailView = Type.Object(
  {
    id: Type.String(),
    kind: Type.Enum(['notice', 'partner'], { description: 'A notice, or a message to a partner library.' }),
    requestId: Nullable(Type.String()),
    requestReference: Nullable(Type.String()),
    notice: Nullable(Type.String({ description: 'The notice it delivers (kind `notice`).' })),
    message: Nullable(Type.String({ description: 'The workflow message it carries (kind `partner`).' })),
    partnerSymbol: Nullable(Type.String()),
    from: Nullable(Type.String({ description: 'The sender address, once the mail has been tried.' })),
    fromName: Nullable(Type.String()),
    replyTo: Nullable(Type.String()),
    to: Type.String(),
    subject: Type.String(),
    body: Type.String(),
    language: Nullable(Type.String()),
    status: MailStatusSchema,
    attempts: Type.Integer(),
    nextAttemptAt: Nullable(DateTime),
    lastError: Nullable(Type.String({ description: 'The SMTP server’s answer to the last failed attempt.' })),
    smtpResponse: Nullable(
      Type.String({ description: 'The SMTP server’s answer when it accepted the mail.' }),
    ),
    createdAt: DateTime,
    sentAt: Nullable(DateTime),
  },
  { ...closed, description: 'One email, exactly as it goes (or would go) out.' },
);
export type MailView = Static<typeof MailView>;

export const OutboxQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([MailStatusSchema, Type.Literal('all')], {
        description: 'Which mail to list; `held` (what would have gone out without SMTP) when omitted.',
      }),
    ),
    kind: Type.Optional(Type.Enum(['notice', 'partner'])),
    before: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,19}$', description: 'The next page: mail older than this id.' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  closed,
);
export type OutboxQuery = Static<typeof OutboxQuery>;

export const Outbox = Type.Object(
  {
    smtp: Type.Enum(['library', 'environment', 'none'], {
      description: 'Which SMTP server the library’s mail goes through; `none`: mail is held here.',
    }),
    items: Type.Array(MailView),
    nextBefore: Nullable(Type.String()),
  },
  closed,
);
export type Outbox = Static<typeof Outbox>;

export const MailIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,19}$' }) }, closed);

const Host = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^[A-Za-z0-9.:\\[\\]-]+$',
  description: 'Host name or address.',
});

export const SmtpSettingsBody = Type.Object(
  {
    host: Host,
    port: Type.Integer({ minimum: 1, maximum: 65535, description: 'Usually 587 (STARTTLS) or 465 (TLS).' }),
    secure: Type.Boolean({ description: 'TLS from the start (port 465); otherwise STARTTLS when offered.' }),
    user: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 320 }))),
    password: Type.Optional(
      Nullable(
        Type.String({
          minLength: 1,
          maxLength: 1000,
          description:
            'Write-only: never returned. Leave out to keep the stored password; null to remove it.',
        }),
      ),
    ),
    fromAddress: Type.Optional(
      Nullable(
        Type.String({
          format: 'email',
          maxLength: 320,
          description: 'The sender address of the library’s mail.',
        }),
      ),
    ),
  },
  closed,
);
export type SmtpSettingsBody = Static<typeof SmtpSettingsBody>;

export const SmtpSettingsView = Type.Object(
  {
    source: Type.Enum(['library', 'environment', 'none'], {
      description: 'The server in use: the library’s own, SMTP_URL’s, or none (mail is held in the outbox).',
    }),
    library: Nullable(
      Type.Object(
        {
          host: Type.String(),
          port: Type.Integer(),
          secure: Type.Boolean(),
          user: Nullable(Type.String()),
          passwordSet: Type.Boolean(),
          fromAddress: Nullable(Type.String()),
        },
        closed,
      ),
    ),
    environment: Nullable(
      Type.Object(
        {
          host: Type.String(),
          port: Type.Integer(),
          secure: Type.Boolean(),
          fromAddress: Nullable(Type.String()),
        },
        closed,
      ),
    ),
  },
  closed,
);
export type SmtpSettingsView = Static<typeof SmtpSettingsView>;

export const SmtpVerifyView = Type.Object(
  {
    ok: Type.Boolean(),
    answer: Type.String({ description: 'What the server said, or why it could not be reached.' }),
  },
  closed,
);
export type SmtpVerifyView = Static<typeof SmtpVerifyView>;

export const IncomingRequestBody = Type.Object(
  {
    partnerId: Type.String({
      format: 'uuid',
      description: 'The borrowing library, an email or manual partner.',
    }),
    partnerRequestId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The borrowing library’s own reference for the request, as their email gives it.',
    }),
    details: NewRequestDetailsSchema,
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: 'The borrower’s note.' })),
  },
  { ...closed, description: 'A request a partner sent by email, to record as a lending request.' },
);
export type IncomingRequestBody = Static<typeof IncomingRequestBody>;

export const PartnerEmailPreviewBody = Type.Object(
  {
    partnerIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 50, uniqueItems: true }),
    message: Type.Optional(
      Type.Enum([...MESSAGES], {
        description: 'The workflow message; `request` (Koha’s ILL_PARTNER_REQ) when omitted.',
      }),
    ),
  },
  closed,
);
export type PartnerEmailPreviewBody = Static<typeof PartnerEmailPreviewBody>;

export const PartnerEmailPreview = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          partnerId: Type.String(),
          to: Nullable(Type.String()),
          replyTo: Nullable(Type.String()),
          subject: Nullable(Type.String()),
          body: Nullable(Type.String()),
          language: Nullable(Type.String()),
          error: Nullable(Type.String({ description: 'Why no email can go to this partner.' })),
        },
        closed,
      ),
    ),
  },
  { ...closed, description: 'The email each partner would get; nothing was sent or saved.' },
);
export type PartnerEmailPreview = Static<typeof PartnerEmailPreview>;
