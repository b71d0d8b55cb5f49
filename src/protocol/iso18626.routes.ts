/**
 * `POST /iso18626`: the one ISO 18626 endpoint of the deployment. Partners (and this deployment's own
 * libraries) post XML messages here; the answer is the synchronous confirmation.
 */
import type { RoutePlugin } from '../server/routes/route-plugin.ts';

/** Largest message accepted; real ISO 18626 messages are a few kilobytes. */
export const ISO18626_BODY_LIMIT = 1024 * 1024;

export const iso18626Routes: RoutePlugin = async (app, { services }) => {
  for (const type of ['application/xml', 'text/xml']) {
    app.addContentTypeParser(
      type,
      { parseAs: 'string', bodyLimit: ISO18626_BODY_LIMIT },
      (_request, body, done) => {
        done(null, body);
      },
    );
  }

  app.post(
    '/iso18626',
    {
      bodyLimit: ISO18626_BODY_LIMIT,
      schema: {
        summary: 'Receive an ISO 18626 message (Request, SupplyingAgencyMessage or RequestingAgencyMessage)',
        description:
          'Routes the message by its header agency ids to the library addressed, authenticates the sending partner (Authorization: Bearer, or requestingAgencyAuthentication), and answers with the ISO 18626 confirmation; errors are error confirmations.',
        tags: ['iso18626'],
        consumes: ['application/xml', 'text/xml'],
        produces: ['application/xml'],
        body: {
          type: 'string',
          description:
            'An ISO 18626 message (version 1.2, or 2021) as XML: one of request, supplyingAgencyMessage, requestingAgencyMessage, in the namespace http://illtransactions.org/2013/iso18626. At most 1 MiB; no DOCTYPE.',
        },
        response: {
          200: {
            description:
              'The synchronous ISO 18626 confirmation (requestConfirmation, supplyingAgencyMessageConfirmation or requestingAgencyMessageConfirmation), with messageStatus OK or ERROR and an errorData errorType naming what was wrong.',
            content: { 'application/xml': { schema: { type: 'string' } } },
          },
          400: {
            description:
              'An error confirmation with errorType BadlyFormedMessage: the body is not an ISO 18626 message that can be read.',
            content: { 'application/xml': { schema: { type: 'string' } } },
          },
          401: {
            description: 'An error confirmation: the partner credential is missing or wrong.',
            content: { 'application/xml': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const answer = await services.inbound.receive(body, {
        ...(request.headers.authorization !== undefined
          ? { authorization: request.headers.authorization }
          : {}),
      });
      return reply
        .code(answer.statusCode)
        .header('content-type', 'application/xml; charset=utf-8')
        .send(answer.body);
    },
  );
};
