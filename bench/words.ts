/**
 * Word lists of the generated requests. Titles are drawn from the nouns and adjectives with a skew
 * toward the start of each list, so that a few words are common (in a few per cent of titles) and most
 * are rare, as in a real catalogue: keyword searches then meet the selectivities staff really type.
 */

/** Title nouns, most frequent first. */
export const NOUNS = `history theory practice introduction study society culture science politics economy
language education health law power nature art music literature philosophy religion war peace city
state world life mind body memory identity design data systems network energy water climate change
ecology evolution medicine children women family work labour market trade money finance policy
government democracy revolution empire nation region landscape architecture engineering chemistry
physics biology mathematics statistics computing algorithms learning intelligence ethics justice rights
freedom migration population development growth crisis risk security technology innovation industry
agriculture food soil forest ocean river coast island mountain desert animals plants birds insects
fish genetics cells proteins brain behaviour psychology therapy disease cancer infection vaccines
nutrition sport travel tourism media communication film television photography painting sculpture
theatre dance poetry novel fiction narrative rhetoric grammar translation texts manuscripts archives
libraries museums heritage archaeology antiquity medieval renaissance enlightenment modernity
colonialism globalisation capitalism socialism liberalism conservatism nationalism feminism
environment sustainability transport cities housing planning infrastructure materials polymers
metals ceramics semiconductors optics lasers quantum particles gravity cosmology stars galaxies
planets geology volcanoes earthquakes minerals oil gas electricity batteries solar wind nuclear
reactors chemistry catalysis synthesis spectroscopy microscopy imaging signals control robotics
sensors software databases cryptography privacy surveillance crime policing courts prisons
punishment violence conflict diplomacy alliances treaties borders frontiers sovereignty citizenship
welfare inequality poverty wealth class race gender sexuality youth ageing death mourning ritual
myth folklore saints monasteries churches sermons theology scripture prophecy mysticism reform
dissent heresy toleration exile diaspora slavery abolition emancipation memoirs letters diaries
biography portraits maps atlases voyages exploration navigation ships harbours railways roads
bridges canals mills factories workshops guilds merchants banks credit debt taxation accounting
management organisations leadership strategy marketing consumers households kinship marriage
friendship love emotions senses time space place landscapes gardens parks wilderness`
  .split(/\s+/)
  .filter(Boolean);

/** Title adjectives, most frequent first. */
export const ADJECTIVES = `new modern social political early global european american british public
cultural economic critical comparative international natural medieval contemporary urban rural
historical practical digital visual human local national ancient classical industrial colonial
religious moral scientific literary environmental applied theoretical experimental clinical
molecular cognitive linguistic legal military maritime atlantic pacific mediterranean african asian
latin nordic celtic victorian georgian imperial federal municipal popular radical liberal
conservative secular sacred hidden lost forgotten invisible silent unfinished northern southern
eastern western forgotten fragile resilient sustainable uncertain emerging`
  .split(/\s+/)
  .filter(Boolean);

/** Author surnames, most frequent first. */
export const SURNAMES = `smith jones williams brown taylor davies evans wilson thomas johnson roberts
robinson thompson wright walker white edwards hughes green hall lewis harris clarke patel jackson
wood turner martin cooper hill ward morris moore clark lee king baker harrison morgan allen james
scott phillips watson davis parker price bennett young griffiths mitchell kelly cook carter
richardson bailey collins bell shaw murphy miller cox richards khan marshall anderson simpson ellis
adams singh begum wilkinson foster chapman powell webb rogers gray mason ali hunt hussain campbell
matthews owen palmer holmes mills barnes knight lloyd butler russell barker fisher stevens jenkins
murray dixon harvey graham pearson ahmed fletcher walsh kaur gibson howard andrews stewart elliott
reynolds saunders payne fox ford pearce day brooks west lawrence cole atkinson bradley spencer gill
dawson ball burton o'brien watts rose booth perry ryan grant wells armstrong francis rees hayes hart
hudson newman barnett webster hunter gregory carr lowe page marsh riley dunn woods chambers okafor
herrera solberg novak adeyemi mehta rossi weber zahra tanaka nakamura schmidt muller dubois
lefebvre moreau garcia martinez lopez gonzalez fernandez silva santos oliveira pereira costa
kowalski nowak horvath nagy jensen hansen nielsen larsen andersson johansson karlsson nilsson
virtanen korhonen ivanov petrov popescu papadopoulos yilmaz kaya cohen levi sato suzuki takahashi
kim park choi wang li zhang liu chen yang huang zhao wu zhou sun nguyen tran pham`
  .split(/\s+/)
  .filter(Boolean);

/** Given names. */
export const GIVEN_NAMES = `james mary john patricia robert jennifer michael linda david elizabeth
william barbara richard susan joseph jessica thomas sarah charles karen amara tomas ingrid mei samuel
clara rahul sofia jonas fatima oliver yuki anna peter maria paul helen mark ruth daniel alice george
emma henry grace edward lucy arthur hannah omar leila ivan olga pierre marie hans greta luca giulia
carlos ana jorge lucia kenji aiko min seo wei lan`
  .split(/\s+/)
  .filter(Boolean);

/** Publishers, most frequent first. */
export const PUBLISHERS = [
  'Oxford University Press',
  'Cambridge University Press',
  'Routledge',
  'Springer',
  'Palgrave Macmillan',
  'Bloomsbury',
  'Penguin',
  'Wiley',
  'Elsevier',
  'Yale University Press',
  'Princeton University Press',
  'Harvard University Press',
  'MIT Press',
  'University of Chicago Press',
  'Manchester University Press',
  'Edinburgh University Press',
  'Verso',
  'Polity',
  'Sage',
  'Brill',
  'De Gruyter',
  'Boydell',
  'Faber',
  'Norton',
  'Granta',
];

/** Places of publication, matching the publishers loosely. */
export const PLACES = [
  'Oxford',
  'Cambridge',
  'London',
  'New York',
  'Berlin',
  'Chicago',
  'Leiden',
  'Manchester',
];

/** Journal titles, most requested first. */
export const JOURNALS = [
  'Journal of Modern History',
  'Nature',
  'Science',
  'The Lancet',
  'Past and Present',
  'American Historical Review',
  'Journal of Economic History',
  'Social History',
  'Environmental History',
  'Journal of Applied Ecology',
  'Physical Review Letters',
  'Journal of the American Chemical Society',
  'British Journal of Sociology',
  'Journal of Linguistics',
  'Medical History',
  'Urban Studies',
  'Journal of Documentation',
  'Library Quarterly',
  'Renaissance Quarterly',
  'Speculum',
  'Journal of Musicology',
  'Mind',
  'Philosophical Review',
  'Journal of Legal History',
  'Political Studies',
  'World Development',
  'Journal of Transport Geography',
  'Annals of Botany',
  'Journal of Zoology',
  'Journal of Glaciology',
];
