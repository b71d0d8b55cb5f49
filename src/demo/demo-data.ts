/**
 * The demo consortium: four libraries that borrow from and lend to each other, their staff and
 * patrons, a few partners outside the consortium, and the requests that show every corner of the
 * workflow. Emails use the reserved `.example` domain, so demo mail can never reach a real inbox.
 */
import type { ActionId } from '../workflow/actions.ts';
import type { EventData } from '../workflow/model.ts';
import type { NewRequestDetails } from '../requests/request-details.ts';

/** The password of every demo staff user, and the PIN of every demo patron (printed at start). */
export const DEMO_STAFF_PASSWORD = 'interlend-demo';
export const DEMO_PATRON_PIN = '1234';

export interface DemoLibrary {
  readonly symbol: string;
  readonly name: string;
  readonly email: string;
  readonly address: string;
  readonly branches: readonly { code: string; name: string }[];
  readonly copyrightClearance?: string;
  readonly unauthenticatedRequests?: boolean;
  readonly patrons: readonly { card: string; name: string; email: string }[];
}

export const DEMO_LIBRARIES: readonly DemoLibrary[] = [
  {
    symbol: 'ILN-NORTH',
    name: 'Northbridge University Library',
    email: 'ill@northbridge-university.example',
    address: '1 College Green, Northbridge',
    branches: [
      { code: 'MAIN', name: 'Main Library' },
      { code: 'SCI', name: 'Science Library' },
    ],
    copyrightClearance:
      'I declare that I have not previously been supplied with a copy of this item, that I require it for research or private study only, and that I will not supply it to anyone else.',
    patrons: [
      { card: '100001', name: 'Amara Okafor', email: 'amara.okafor@students.northbridge.example' },
      { card: '100002', name: 'Tomás Herrera', email: 'tomas.herrera@northbridge.example' },
      { card: '100003', name: 'Ingrid Solberg', email: 'ingrid.solberg@northbridge.example' },
    ],
  },
  {
    symbol: 'ILN-SOUTH',
    name: 'Southport City Library',
    email: 'interlibrary.loans@southport-city.example',
    address: '22 Harbour Street, Southport',
    branches: [
      { code: 'CENTRAL', name: 'Central Library' },
      { code: 'DOCKS', name: 'Docklands Branch' },
    ],
    unauthenticatedRequests: true,
    patrons: [
      { card: '200001', name: 'Mei Lin', email: 'mei.lin@mail.example' },
      { card: '200002', name: 'Samuel Adeyemi', email: 'samuel.adeyemi@mail.example' },
      { card: '200003', name: 'Clara Novak', email: 'clara.novak@mail.example' },
    ],
  },
  {
    symbol: 'ILN-EAST',
    name: 'Eastfield College Library',
    email: 'ill@eastfield-college.example',
    address: 'Eastfield Campus, Library Building',
    branches: [{ code: 'CAMPUS', name: 'Campus Library' }],
    patrons: [
      { card: '300001', name: 'Rahul Mehta', email: 'rahul.mehta@eastfield-college.example' },
      { card: '300002', name: 'Sofia Rossi', email: 'sofia.rossi@eastfield-college.example' },
      { card: '300003', name: 'Jonas Weber', email: 'jonas.weber@eastfield-college.example' },
    ],
  },
  {
    symbol: 'ILN-WEST',
    name: 'Westmere Public Library',
    email: 'ill-desk@westmere-library.example',
    address: '5 Market Square, Westmere',
    branches: [
      { code: 'TOWN', name: 'Town Library' },
      { code: 'VILLAGE', name: 'Village Library' },
    ],
    patrons: [
      { card: '400001', name: 'Fatima Zahra', email: 'fatima.zahra@mail.example' },
      { card: '400002', name: 'Oliver Grant', email: 'oliver.grant@mail.example' },
      { card: '400003', name: 'Yuki Tanaka', email: 'yuki.tanaka@mail.example' },
    ],
  },
];

/** Partners every demo library has besides the consortium: one by email, one handled by hand. */
export const DEMO_OUTSIDE_PARTNERS = [
  {
    symbol: 'DOCSUPPLY',
    name: 'National Document Supply Centre',
    protocol: 'email' as const,
    email: 'requests@document-supply.example',
  },
  { symbol: 'ANTIQUARIAN', name: 'Bellamy Antiquarian Books', protocol: 'manual' as const },
];

/** Who takes a step of a demo scenario. */
export type DemoActor = 'borrower' | 'lender' | 'patron';

export interface DemoStep {
  readonly by: DemoActor;
  readonly action: ActionId;
  readonly data?: EventData;
}

/** One demo request: what is asked for, and the steps that bring it to where the demo shows it. */
export interface DemoScenario {
  readonly label: string;
  readonly details: NewRequestDetails;
  /** Consortium partners to try, as offsets from the borrowing library in the list (1 = the next). */
  readonly rota: readonly number[];
  /** Placed by a patron in the OPAC rather than by staff. */
  readonly byPatron?: boolean;
  readonly confirm: boolean;
  readonly steps: readonly DemoStep[];
  /** Send the request to the outside email partner instead of the consortium. */
  readonly emailPartners?: boolean;
  /**
   * Place the request by hand with the outside manual partner (the manual backend, Koha's FreeForm)
   * instead of the consortium: staff record each of its steps.
   */
  readonly manualPartner?: boolean;
  /** A custom status of the library the request is given once its steps are done. */
  readonly customStatus?: string;
}

/** The custom status every demo library defines (Koha's ILLSTATUS authorised values). */
export const DEMO_CUSTOM_STATUS = {
  code: 'AWAITING_PAYMENT',
  label: 'Awaiting payment',
  opacLabel: 'Being processed',
} as const;

const loanShipped = (dueInDays: number): DemoStep => ({
  by: 'lender',
  action: 'shipped',
  // Relative to the day of seeding: "+28" or "-3" days.
  data: {
    serviceType: 'loan',
    dueDate: `${dueInDays < 0 ? '-' : '+'}${Math.abs(dueInDays)}`,
    itemId: 'demo-item',
  },
});

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    label: 'New, placed by a patron',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'The Left Hand of Darkness',
      author: 'Ursula K. Le Guin',
      isbn: '9780441478125',
      year: '1969',
      publisher: 'Ace Books',
    },
    rota: [1, 2],
    byPatron: true,
    confirm: false,
    steps: [],
  },
  {
    label: 'Requested, awaiting the supplier',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'Braiding Sweetgrass',
      author: 'Robin Wall Kimmerer',
      isbn: '9781571313560',
      year: '2013',
      publisher: 'Milkweed Editions',
    },
    rota: [1, 2, 3],
    confirm: true,
    steps: [],
  },
  {
    label: 'The supplier will supply',
    details: {
      type: 'book',
      serviceType: 'either',
      title: 'Thinking, Fast and Slow',
      author: 'Daniel Kahneman',
      isbn: '9780374275631',
      year: '2011',
    },
    rota: [2, 1],
    confirm: true,
    steps: [
      {
        by: 'lender',
        action: 'answer-will-supply',
        data: { note: 'On the shelf; we will send it this week.' },
      },
    ],
  },
  {
    label: 'Conditions offered by the supplier',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'Codex Seraphinianus',
      author: 'Luigi Serafini',
      isbn: '9780847842131',
      year: '2013',
      publisher: 'Rizzoli',
    },
    rota: [3, 1],
    confirm: true,
    steps: [
      {
        by: 'lender',
        action: 'answer-conditional',
        data: { conditions: 'Library use only, in the reading room.' },
      },
    ],
  },
  {
    label: 'Shipped, on its way',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'The Structure of Scientific Revolutions',
      author: 'Thomas S. Kuhn',
      isbn: '9780226458120',
      year: '1962',
    },
    rota: [1],
    confirm: true,
    steps: [{ by: 'lender', action: 'answer-will-supply' }, loanShipped(28)],
  },
  {
    label: 'On loan to the patron',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'Middlemarch',
      author: 'George Eliot',
      isbn: '9780141439549',
      year: '1871',
      publisher: 'Penguin Classics',
    },
    rota: [2],
    confirm: true,
    steps: [loanShipped(21), { by: 'borrower', action: 'received' }],
  },
  {
    label: 'Renewal asked for',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'A Pattern Language',
      author: 'Christopher Alexander',
      isbn: '9780195019193',
      year: '1977',
    },
    rota: [3],
    confirm: true,
    steps: [
      loanShipped(7),
      { by: 'borrower', action: 'received' },
      { by: 'borrower', action: 'renew', data: { note: 'Thesis chapter due next month.' } },
    ],
  },
  {
    label: 'Overdue',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'The Death and Life of Great American Cities',
      author: 'Jane Jacobs',
      isbn: '9780679741954',
      year: '1961',
    },
    rota: [1],
    confirm: true,
    steps: [loanShipped(-3), { by: 'borrower', action: 'received' }],
  },
  {
    label: 'Returned, awaiting check-in',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'Silent Spring',
      author: 'Rachel Carson',
      isbn: '9780618249060',
      year: '1962',
    },
    rota: [2],
    confirm: true,
    steps: [loanShipped(14), { by: 'borrower', action: 'received' }, { by: 'borrower', action: 'returned' }],
  },
  {
    label: 'Completed loan',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'Invisible Cities',
      author: 'Italo Calvino',
      isbn: '9780156453806',
      year: '1972',
    },
    rota: [3],
    confirm: true,
    steps: [
      loanShipped(14),
      { by: 'borrower', action: 'received' },
      { by: 'borrower', action: 'returned' },
      { by: 'lender', action: 'checked-in' },
      { by: 'borrower', action: 'complete' },
      { by: 'lender', action: 'complete' },
    ],
  },
  {
    label: 'Article copy received',
    details: {
      type: 'article',
      serviceType: 'copy',
      title: 'Nature',
      articleTitle: 'Molecular Structure of Nucleic Acids',
      author: 'J. D. Watson and F. H. C. Crick',
      volume: '171',
      issue: '4356',
      pages: '737-738',
      year: '1953',
      issn: '0028-0836',
      doi: '10.1038/171737a0',
    },
    rota: [1],
    confirm: true,
    steps: [
      { by: 'lender', action: 'shipped', data: { serviceType: 'copy' } },
      { by: 'borrower', action: 'received' },
    ],
  },
  {
    label: 'End of rota: nobody could supply',
    details: {
      type: 'thesis',
      serviceType: 'loan',
      title: 'Tidal Patterns in the Southport Estuary, 1890-1910',
      author: 'M. Carrow',
      year: '1987',
    },
    rota: [1, 2],
    confirm: true,
    steps: [
      { by: 'lender', action: 'answer-nonsupply', data: { reason: 'NotHeld' } },
      { by: 'lender', action: 'answer-nonsupply', data: { reason: 'NotHeld' } },
    ],
  },
  {
    label: 'Patron asked to cancel',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'Gödel, Escher, Bach',
      author: 'Douglas Hofstadter',
      isbn: '9780465026562',
      year: '1979',
    },
    rota: [2, 3],
    byPatron: true,
    confirm: true,
    steps: [
      { by: 'patron', action: 'request-cancellation', data: { note: 'Found a copy at my department.' } },
    ],
  },
  {
    label: 'Reverted: withdrawn from the supplier to be reworked',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'The Anatomy of Melancholy',
      author: 'Robert Burton',
      edition: 'New York Review Books Classics',
      isbn: '9780940322660',
      year: '1621',
    },
    rota: [2],
    confirm: true,
    steps: [
      { by: 'borrower', action: 'revert', data: { note: 'Patron wants the 1621 first edition instead.' } },
      { by: 'lender', action: 'cancel-reply-yes' },
    ],
  },
  {
    label: 'Terminated after nobody could supply',
    details: {
      type: 'journal',
      serviceType: 'copy',
      title: 'Proceedings of the Westmere Natural History Society',
      volume: '12',
      year: '1903',
    },
    rota: [3],
    confirm: true,
    steps: [
      { by: 'lender', action: 'answer-nonsupply', data: { reason: 'NotHeld' } },
      { by: 'borrower', action: 'terminate-request', data: { note: 'No other library holds it.' } },
    ],
  },
  {
    label: 'New, awaiting the patron’s payment (a custom status)',
    details: {
      type: 'article',
      serviceType: 'copy',
      title: 'The Lancet',
      articleTitle: 'On the mode of communication of cholera',
      author: 'John Snow',
      volume: '2',
      year: '1855',
      maxCost: { amount: '12.00', currency: 'GBP' },
    },
    rota: [1, 2],
    confirm: false,
    steps: [],
    customStatus: DEMO_CUSTOM_STATUS.code,
  },
  {
    label: 'Placed by hand with an antiquarian dealer, awaiting its answer',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'Hortus Eystettensis',
      author: 'Basilius Besler',
      year: '1613',
    },
    rota: [],
    confirm: true,
    manualPartner: true,
    steps: [],
  },
  {
    label: 'Lent by an antiquarian dealer, each step recorded by hand',
    details: {
      type: 'book',
      serviceType: 'loan',
      title: 'Micrographia',
      author: 'Robert Hooke',
      year: '1665',
    },
    rota: [],
    confirm: true,
    manualPartner: true,
    steps: [
      {
        by: 'borrower',
        action: 'informed-shipped',
        data: { serviceType: 'loan', dueDate: '+30', itemId: 'BELLAMY-1665', note: 'Sent by courier.' },
      },
      { by: 'borrower', action: 'received' },
    ],
  },
  {
    label: 'Placed with an email partner',
    details: {
      type: 'chapter',
      serviceType: 'copy',
      title: 'The Oxford Handbook of Medieval Latin Literature',
      articleTitle: 'Latin Epic',
      author: 'Ralph J. Hexter (ed.)',
      pages: '214-240',
      year: '2012',
    },
    rota: [],
    confirm: false,
    emailPartners: true,
    steps: [],
  },
];
