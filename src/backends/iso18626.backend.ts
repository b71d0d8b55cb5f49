import type { Backend } from './backend.ts';
import { REQUEST_TYPES } from '../requests/request-fields.ts';

/** Partners reached by ISO 18626 messages, in this deployment or elsewhere, tried in turn along the rota. */
export const iso18626Backend: Backend = {
  id: 'iso18626',
  version: 1,
  description: 'Send the request by ISO 18626 to each supplier on the rota in turn.',
  requestTypes: REQUEST_TYPES,
  requiredFields: {},
  partnerProtocols: ['iso18626'],
  confirm: 'send-along-rota',
  // The request goes along the rota by protocol, never by email to several partners at once.
  removesActions: ['place-request-with-partners'],
  addsActions: [],
};
