/**
 * The placeholders templates may use, what each holds, and a sample value of each, which previews
 * render with. Templates naming anything else are refused when saved.
 */
import type { TemplateValues } from './template.ts';

export interface PlaceholderDefinition {
  readonly name: string;
  readonly description: string;
  readonly sample: string;
}

const definitions: readonly PlaceholderDefinition[] = [
  { name: 'request.reference', description: 'The request’s reference, ILL-<number>.', sample: 'ILL-1042' },
  { name: 'request.title', description: 'Title of the book or journal.', sample: 'The Name of the Rose' },
  { name: 'request.author', description: 'Author or editor.', sample: 'Umberto Eco' },
  {
    name: 'request.articleTitle',
    description: 'Title of the article or chapter.',
    sample: 'Semiotics of the Labyrinth',
  },
  { name: 'request.type', description: 'Book, article, journal, chapter, thesis or other.', sample: 'book' },
  { name: 'request.serviceType', description: 'Loan, copy, or either.', sample: 'loan' },
  { name: 'request.needBefore', description: 'The date the item is needed before.', sample: '2026-12-20' },
  {
    name: 'request.details',
    description: 'Every bibliographic detail, one "- Field: value" line each (Koha’s ill_full_metadata).',
    sample: '- Title: The Name of the Rose\n- Author: Umberto Eco\n- Year: 1980\n- ISBN: 9780151446476',
  },
  {
    name: 'request.partnerReference',
    description: 'The partner’s own reference for the request (their request id), when known.',
    sample: 'REQ-77813',
  },
  { name: 'patron.name', description: 'The patron’s name.', sample: 'Ada Reader' },
  { name: 'patron.cardNumber', description: 'The patron’s card number.', sample: '2100456789' },
  { name: 'patron.email', description: 'The patron’s email address.', sample: 'ada@reader.example' },
  { name: 'library.name', description: 'Your library’s name.', sample: 'Northbridge University Library' },
  { name: 'library.symbol', description: 'Your library’s symbol.', sample: 'ILN-NORTH' },
  {
    name: 'library.email',
    description: 'Your library’s ILL email address.',
    sample: 'ill@northbridge-university.example',
  },
  { name: 'library.address', description: 'Your library’s postal address.', sample: '1 College Road' },
  { name: 'pickupBranch.name', description: 'Where the patron collects the item.', sample: 'Main Library' },
  { name: 'partner.name', description: 'The partner library’s name.', sample: 'Southport City Library' },
  { name: 'partner.symbol', description: 'The partner library’s symbol.', sample: 'ILN-SOUTH' },
  {
    name: 'partner.email',
    description: 'The partner library’s email address.',
    sample: 'interlibrary.loans@southport-city.example',
  },
  {
    name: 'note',
    description: 'The note given with the action or message.',
    sample: 'Please handle with care.',
  },
  {
    name: 'patronNote',
    description: 'Send User Alert: the message to the patron.',
    sample: 'Your item will arrive a week later than expected.',
  },
  {
    name: 'reason',
    description: 'Why the item cannot be supplied, or why it was refused.',
    sample: 'NotHeld',
  },
  { name: 'dueDate', description: 'The date the loan is due back.', sample: '2027-01-15' },
  {
    name: 'desiredDueDate',
    description: 'The due date the borrower asks for in a renewal.',
    sample: '2027-02-15',
  },
  { name: 'dateShipped', description: 'The date the item was shipped.', sample: '2026-12-01' },
  { name: 'dateReceived', description: 'The date the item was received.', sample: '2026-12-04' },
  { name: 'dateReturned', description: 'The date the item was sent back.', sample: '2027-01-10' },
  { name: 'dateCheckedIn', description: 'The date the returned item was checked in.', sample: '2027-01-14' },
  { name: 'returnedVia', description: 'How the item was sent back.', sample: 'Royal Mail' },
  { name: 'serviceType', description: 'The service supplied or asked for: loan or copy.', sample: 'loan' },
  { name: 'itemId', description: 'The supplier’s item identifier.', sample: '39015012345678' },
  { name: 'conditions', description: 'The supplier’s conditions.', sample: 'Library use only' },
  { name: 'replyBy', description: 'The date an answer to the conditions is due.', sample: '2026-12-10' },
  { name: 'cost', description: 'The cost, with its currency.', sample: '12.50 EUR' },
  {
    name: 'locations',
    description: 'Other libraries that may supply the item.',
    sample: 'ILN-EAST, ILN-WEST',
  },
  {
    name: 'expectedDeliveryDate',
    description: 'When the supplier expects to deliver the item.',
    sample: '2026-12-05',
  },
  {
    name: 'estimatedDateAvailable',
    description: 'When the supplier expects the item to be available.',
    sample: '2026-12-15',
  },
  {
    name: 'resent',
    description: '"yes" when the message is sent again; use it as a section: {{#resent}}…{{/resent}}.',
    sample: '',
  },
  {
    name: 'failure.what',
    description: 'Delivery failed: what could not be delivered (a notice or a partner message).',
    sample: 'the pickup-ready notice',
  },
  {
    name: 'failure.recipient',
    description: 'Delivery failed: who it was for (an email address, or a partner library).',
    sample: 'ada@reader.example',
  },
  {
    name: 'failure.subject',
    description: 'Delivery failed: its subject.',
    sample: 'Your item is ready for pickup',
  },
  {
    name: 'failure.error',
    description: 'Delivery failed: the last answer (the mail server’s, or the partner’s ISO 18626 error).',
    sample: '550 5.1.1 No such user',
  },
  {
    name: 'failure.advice',
    description: 'Delivery failed: what staff can do about it, for the channel it went by.',
    sample: 'Check the address and the mail settings, then send it again from the mail outbox.',
  },
];

export const PLACEHOLDERS: readonly PlaceholderDefinition[] = definitions;

export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set(
  definitions.map((definition) => definition.name),
);

/** The sample value of every placeholder, for previews. */
export const SAMPLE_VALUES: TemplateValues = Object.fromEntries(
  definitions.map((definition) => [definition.name, definition.sample]),
);
