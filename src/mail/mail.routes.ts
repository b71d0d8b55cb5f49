/**
 * `/api/mail/…`: the library's SMTP server (staff with `configure`), the mail outbox and sending mail
 * again (staff with `ill` or `configure`); and `POST /api/lending/requests`, recording a request a
 * partner sent by email (staff with `ill`).
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { staffOf, staffWithAnyOf } from '../auth/guards.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import { errorResponses } from '../library-config/schema-helpers.ts';
import { RequestDetailView } from '../requests/request.schemas.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import {
  IncomingRequestBody,
  MailIdParams,
  MailView,
  Outbox,
  OutboxQuery,
  PartnerEmailPreview,
  PartnerEmailPreviewBody,
  SmtpSettingsBody,
  SmtpSettingsView,
  SmtpVerifyView,
} from './mail.schemas.ts';

const tags = ['mail'];

export const mailRoutes: RoutePlugin = async (app, { services }) => {
  const configurer = (request: FastifyRequest) => staffOf(request, PERMISSIONS.configure);
  const reader = (request: FastifyRequest) => staffWithAnyOf(request, PERMISSIONS.ill, PERMISSIONS.configure);
  const onlyConfigurers = { preValidation: async (request: FastifyRequest) => void configurer(request) };
  const onlyReaders = { preValidation: async (request: FastifyRequest) => void reader(request) };

  app.get(
    '/api/mail/smtp',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'The SMTP server the library’s mail goes through (the password is never shown)',
        tags,
        response: { 200: SmtpSettingsView, ...errorResponses(401, 403) },
      },
    },
    async (request) => services.mail.smtpSettings(configurer(request).libraryId),
  );

  app.put(
    '/api/mail/smtp',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'Set the library’s own SMTP server, used instead of SMTP_URL’s',
        tags,
        body: SmtpSettingsBody,
        response: { 200: SmtpSettingsView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => services.mail.saveSmtpSettings(configurer(request).libraryId, request.body),
  );

  app.delete(
    '/api/mail/smtp',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'Forget the library’s own SMTP server: mail goes through SMTP_URL’s, or is held',
        tags,
        response: { 204: Type.Null({ description: 'Forgotten.' }), ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await services.mail.deleteSmtpSettings(configurer(request).libraryId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/mail/smtp/verify',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'Check that the SMTP server answers and accepts the credentials (nothing is sent)',
        tags,
        response: { 200: SmtpVerifyView, ...errorResponses(401, 403) },
      },
    },
    async (request) => services.mail.verifySmtp(configurer(request).libraryId),
  );

  app.get(
    '/api/mail/outbox',
    {
      ...onlyReaders,
      schema: {
        summary: 'The mail outbox: held mail, exactly as it would go out, or mail of another status',
        description:
          'Without an SMTP server (neither the library’s nor SMTP_URL), notices and partner emails are kept here with status `held` instead of being sent.',
        tags,
        querystring: OutboxQuery,
        response: { 200: Outbox, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => services.mail.outbox(reader(request).libraryId, request.query),
  );

  app.post(
    '/api/mail/:id/send',
    {
      ...onlyReaders,
      schema: {
        summary: 'Send a held or failed mail again, now',
        tags,
        params: MailIdParams,
        response: { 200: MailView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.mail.sendAgain(reader(request).libraryId, request.params.id),
  );

  app.post(
    '/api/requests/:id/partner-emails/preview',
    {
      preValidation: async (request: FastifyRequest) => void staffOf(request, PERMISSIONS.ill),
      schema: {
        summary: 'The email each partner would get for a request (before Place request with partners)',
        description:
          'Rendered from the library’s template of the message, exactly as the email transport writes it. Nothing is sent or saved.',
        tags: ['requests', ...tags],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        body: PartnerEmailPreviewBody,
        response: { 200: PartnerEmailPreview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      services.mail.previewPartnerEmails(
        staffOf(request, PERMISSIONS.ill).libraryId,
        request.params.id,
        request.body,
      ),
  );

  app.post(
    '/api/lending/requests',
    {
      preValidation: async (request: FastifyRequest) => void staffOf(request, PERMISSIONS.ill),
      schema: {
        summary: 'Record a request a partner sent by email, as a lending request',
        description:
          'The partner must be an email or manual partner of the library. The lender’s answers (Will Supply, Shipped…) then go to the partner by email.',
        tags: ['requests', ...tags],
        body: IncomingRequestBody,
        response: { 201: RequestDetailView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const view = await services.incomingRequests.record(staffOf(request, PERMISSIONS.ill), request.body);
      return reply.code(201).send(view);
    },
  );
};
