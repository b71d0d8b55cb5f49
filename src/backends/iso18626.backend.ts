import { BIBLIOGRAPHIC_FIELD_NAMES, REQUEST_TYPES } from '../requests/request-fields.ts';
import { INFORMED_ACTIONS, UNDO_ACTIONS } from './backend.ts';
import type { Backend } from './backend.ts';

/**
 * Partners reached by ISO 18626 messages, in this deployment or elsewhere, tried in turn along the
 * rota. Every step is a protocol message: the partner's own messages move the request on, so staff
 * never record on its behalf.
 */
export const iso18626Backend: Backend = {
  id: 'iso18626',
  version: 1,
  name: 'ISO 18626 partners',
  description: 'Send the request by ISO 18626 to each supplier on the rota in turn.',
  requestTypes: REQUEST_TYPES,
  fields: BIBLIOGRAPHIC_FIELD_NAMES,
  requiredFields: {},
  partnerProtocols: ['iso18626'],
  confirm: {
    behaviour: 'send-along-rota',
    description:
      'Sends an ISO 18626 Request to the first supplier of the rota not yet tried, and to the next one when it cannot supply.',
  },
  // The request goes along the rota by protocol, never by email to several partners at once; the
  // partner's messages say what it did, and the protocol has no message to undo a step.
  removesActions: ['place-request-with-partners', ...INFORMED_ACTIONS, ...UNDO_ACTIONS],
  addsActions: [],
};
