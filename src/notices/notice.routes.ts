/**
 * `/api/notices/…`: the library's notice templates (staff with `configure` change them; previews
 * change nothing), its notice settings and trigger switches, the notice log; and
 * `GET /api/requests/:id/notices`, everything emailed about one request with its delivery status.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { staffOf, staffWithAnyOf } from '../auth/guards.ts';
import { PERMISSIONS } from '../auth/principal.ts';
import { errorResponses } from '../library-config/schema-helpers.ts';
import { MailView } from '../mail/mail.schemas.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import {
  NoticeLog,
  NoticeLogQuery,
  NoticeSettingsPatch,
  NoticeSettingsView,
  NoticeView,
  PlaceholderView,
  PreviewBody,
  PreviewView,
  TemplateBody,
  TemplateList,
  TemplateListQuery,
  TemplateParams,
  TemplateView,
} from './notice.schemas.ts';
import { PLACEHOLDERS } from './placeholders.ts';

const tags = ['notices'];

export const noticeRoutes: RoutePlugin = async (app, { services }) => {
  const configurer = (request: FastifyRequest) => staffOf(request, PERMISSIONS.configure);
  const reader = (request: FastifyRequest) => staffWithAnyOf(request, PERMISSIONS.ill, PERMISSIONS.configure);
  const onlyConfigurers = { preValidation: async (request: FastifyRequest) => void configurer(request) };
  const onlyReaders = { preValidation: async (request: FastifyRequest) => void reader(request) };

  app.get(
    '/api/notices/templates',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'Every notice and partner email, as it goes out in one language, with the placeholders',
        tags,
        querystring: TemplateListQuery,
        response: { 200: TemplateList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => services.noticeTemplates.list(configurer(request).libraryId, request.query.language),
  );

  app.get(
    '/api/notices/placeholders',
    {
      ...onlyReaders,
      schema: {
        summary: 'The placeholders templates may use, with sample values',
        tags,
        response: { 200: Type.Object({ items: Type.Array(PlaceholderView) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: [...PLACEHOLDERS] }),
  );

  app.get(
    '/api/notices/templates/:kind/:name/:language',
    {
      ...onlyConfigurers,
      schema: {
        summary:
          'One template in one language (the library’s text, else its default language’s, else the built-in)',
        tags,
        params: TemplateParams,
        response: { 200: TemplateView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { kind, name, language } = request.params;
      return services.noticeTemplates.get(configurer(request).libraryId, kind, name, language);
    },
  );

  app.put(
    '/api/notices/templates/:kind/:name/:language',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'Save the library’s text of a template in one language',
        description:
          'Unknown or malformed placeholders are refused with a 400 naming the field (`body.subject` or `body.body`), and so is a partner email whose subject does not show `{{request.reference}}` (the partner’s replies are matched by it).',
        tags,
        params: TemplateParams,
        body: TemplateBody,
        response: { 200: TemplateView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { kind, name, language } = request.params;
      const principal = configurer(request);
      return services.noticeTemplates.save(
        principal.libraryId,
        kind,
        name,
        language,
        request.body,
        principal.name,
      );
    },
  );

  app.delete(
    '/api/notices/templates/:kind/:name/:language',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'Drop the library’s text in one language: the template returns to its default',
        tags,
        params: TemplateParams,
        response: {
          204: Type.Null({ description: 'Back to the default.' }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { kind, name, language } = request.params;
      await services.noticeTemplates.reset(configurer(request).libraryId, kind, name, language);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/notices/templates/preview',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'Render a template against a sample request, without saving it',
        description: 'Refuses what saving refuses, with the same 400.',
        tags,
        body: PreviewBody,
        response: { 200: PreviewView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => services.noticeTemplates.preview(request.body),
  );

  app.get(
    '/api/notices/settings',
    {
      ...onlyReaders,
      schema: {
        summary: 'The library’s notice settings and which notices it sends',
        tags,
        response: { 200: NoticeSettingsView, ...errorResponses(401, 403) },
      },
    },
    async (request) => services.noticeTemplates.settings(reader(request).libraryId),
  );

  app.patch(
    '/api/notices/settings',
    {
      ...onlyConfigurers,
      schema: {
        summary: 'Change the notice settings, or switch notices on and off',
        tags,
        body: NoticeSettingsPatch,
        response: { 200: NoticeSettingsView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => services.noticeTemplates.updateSettings(configurer(request).libraryId, request.body),
  );

  app.get(
    '/api/notices',
    {
      ...onlyReaders,
      schema: {
        summary: 'The notice log: notices to patrons and staff, newest first, with their delivery status',
        tags,
        querystring: NoticeLogQuery,
        response: { 200: NoticeLog, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => services.noticeLog.log(reader(request).libraryId, request.query),
  );

  app.get(
    '/api/requests/:id/notices',
    {
      ...onlyReaders,
      schema: {
        summary:
          'Everything emailed about a request: its notices and its partner emails, with delivery status',
        tags: ['requests', ...tags],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: {
          200: Type.Object(
            { notices: Type.Array(NoticeView), partnerEmails: Type.Array(MailView) },
            { additionalProperties: false },
          ),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => services.noticeLog.forRequest(reader(request).libraryId, request.params.id),
  );
};
