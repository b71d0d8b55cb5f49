/**
 * OpenURL prefill: the links link resolvers and databases really send (the queries below are taken
 * from their documentation) fill the request form's fields and choose its type.
 */
import { describe, expect, it } from 'vitest';
import { offeredType, parseOpenUrl, parseQuery } from './openurl.ts';

describe('reading OpenURL 1.0 (KEV) links', () => {
  it('reads a Primo book link, ignoring the many empty keys it sends', () => {
    // Ex Libris, "How to extract OpenURL from a Primo Central / Alma record".
    const citation = parseOpenUrl(
      '?ctx_ver=Z39.88-2004&ctx_enc=info:ofi/enc:UTF-8&ctx_tim=2016-08-17T13:02:25IST&url_ver=Z39.88-2004' +
        '&url_ctx_fmt=infofi/fmt:kev:mtx:ctx&rfr_id=info:sid/primo.exlibrisgroup.com:primo3-Article-ingram_myilibrary' +
        '&rft_val_fmt=info:ofi/fmt:kev:mtx:book&rft.genre=book&rft.atitle=&rft.jtitle=&rft.btitle=Flowers' +
        '&rft.aulast=&rft.auinit=&rft.auinit1=&rft.auinitm=&rft.ausuffix=&rft.au=Charles,%20Victoria&rft.aucorp=' +
        '&rft.date=&rft.volume=&rft.issue=&rft.part=&rft.quarter=&rft.ssn=&rft.spage=&rft.epage=&rft.pages=' +
        '&rft.artnum=&rft.issn=&rft.eissn=&rft.isbn=9781844845910&rft.sici=&rft.coden=&rft_id=info:doi/' +
        '&rft.object_id=&svc_val_fmt=info:ofi/fmt:kev:mtx:sch_svc',
    );
    expect(citation).toEqual({
      version: '1.0',
      type: 'book',
      fields: { title: 'Flowers', author: 'Charles, Victoria', isbn: '9781844845910' },
      customFields: [{ key: 'Source', value: 'primo.exlibrisgroup.com:primo3-Article-ingram_myilibrary' }],
    });
  });

  it('reads a 360 Link article link without genre or format as an article in its journal', () => {
    // Ex Libris, "360 Link: OpenURL and ILL Forms".
    const citation = parseOpenUrl(
      'rft.atitle=global+warming&rft.jtitle=TCE&rft.au=Brent,+G&rft.date=2008-05-01' +
        '&rft.pub=INST+CHEMICAL+ENGINEERS&rft.issn=0302-0797&rft.issue=803&rft.spage=56&rft.epage=56' +
        '&rft.externalDBID=n/a&rft.externalDocID=000255968900067',
    );
    expect(citation?.type).toBe('article');
    expect(citation?.fields).toEqual({
      title: 'TCE',
      articleTitle: 'global warming',
      author: 'Brent, G',
      year: '2008',
      issue: '803',
      pages: '56',
      publisher: 'INST CHEMICAL ENGINEERS',
      issn: '0302-0797',
    });
  });

  it('reads an SFX-style journal article with its DOI, PubMed id, several authors and page range', () => {
    const citation = parseOpenUrl(
      '?url_ver=Z39.88-2004&url_ctx_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Actx&ctx_ver=Z39.88-2004' +
        '&rfr_id=info%3Asid%2Fsfxit.com%3Acitation&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal' +
        '&rft.genre=article&rft.atitle=Molecular+structure+of+nucleic+acids%3A+a+structure+for+deoxyribose+nucleic+acid' +
        '&rft.jtitle=Nature&rft.stitle=Nature&rft.au=Watson%2C+J.+D.&rft.au=Crick%2C+F.+H.+C.' +
        '&rft.date=1953-04-25&rft.volume=171&rft.issue=4356&rft.spage=737&rft.epage=738' +
        '&rft.issn=0028-0836&rft.eissn=1476-4687&rft_id=info%3Adoi%2F10.1038%2F171737a0&rft_id=info%3Apmid%2F13054692',
    );
    expect(citation).toEqual({
      version: '1.0',
      type: 'article',
      fields: {
        title: 'Nature',
        articleTitle: 'Molecular structure of nucleic acids: a structure for deoxyribose nucleic acid',
        author: 'Watson, J. D.; Crick, F. H. C.',
        year: '1953',
        volume: '171',
        issue: '4356',
        pages: '737-738',
        issn: '0028-0836',
        doi: '10.1038/171737a0',
        otherIdentifiers: 'ISSN: 1476-4687; PMID: 13054692',
      },
      customFields: [{ key: 'Source', value: 'sfxit.com:citation' }],
    });
  });

  it('reads a book chapter (bookitem) as a Chapter: the book title, the chapter title and its pages', () => {
    const citation = parseOpenUrl(
      'url_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook&rft.genre=bookitem' +
        '&rft.btitle=The+Oxford+Handbook+of+Medieval+Latin+Literature&rft.atitle=Latin+Epic' +
        '&rft.aulast=Hexter&rft.aufirst=Ralph+J.&rft.date=2012&rft.spage=214&rft.epage=240' +
        '&rft.pub=Oxford+University+Press&rft.place=New+York&rft.isbn=978-0-19-539401-6&rft.edition=1st+ed.',
    );
    expect(citation?.type).toBe('chapter');
    expect(citation?.fields).toEqual({
      title: 'The Oxford Handbook of Medieval Latin Literature',
      articleTitle: 'Latin Epic',
      author: 'Hexter, Ralph J.',
      year: '2012',
      pages: '214-240',
      edition: '1st ed.',
      publisher: 'Oxford University Press',
      place: 'New York',
      isbn: '978-0-19-539401-6',
    });
  });

  it('reads a book with its part, its OCLC number and a series, keeping a non-ISBN aside', () => {
    const citation = parseOpenUrl(
      'url_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:book&rft.genre=book' +
        '&rft.title=Lectures+on+Physics&rft.au=Feynman,+Richard+P.&rft.part=Volume+II&rft.series=Addison-Wesley+series' +
        '&rft.isbn=0201021161+(pbk.)&rft.isbn=not+an+isbn&rft_id=info:oclcnum/531535&rft_id=info:lccn/63020717',
    );
    expect(citation?.type).toBe('book');
    expect(citation?.fields).toEqual({
      title: 'Lectures on Physics',
      author: 'Feynman, Richard P.',
      part: 'Volume II',
      isbn: '0201021161',
      oclcNumber: '531535',
      otherIdentifiers: 'ISBN: not an isbn; LCCN: 63020717',
    });
    expect(citation?.customFields).toEqual([{ key: 'Series', value: 'Addison-Wesley series' }]);
  });

  it('reads a journal volume (genre journal or issue) as a Journal', () => {
    const citation = parseOpenUrl(
      'url_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.genre=issue&rft.jtitle=Tectonophysics' +
        '&rft.volume=512&rft.issue=1-4&rft.date=2011&rft.issn=00401951',
    );
    expect(citation?.type).toBe('journal');
    expect(citation?.fields).toEqual({
      title: 'Tectonophysics',
      volume: '512',
      issue: '1-4',
      year: '2011',
      issn: '0040-1951',
    });
  });

  it('treats a "journal" or "book" link that names an article or chapter as that article or chapter', () => {
    expect(
      parseOpenUrl('rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.genre=journal&rft.jtitle=Cell&rft.atitle=X')
        ?.type,
    ).toBe('article');
    expect(parseOpenUrl('rft.genre=book&rft.btitle=Handbook&rft.atitle=Chapter+one')?.type).toBe('chapter');
  });

  it('reads proceedings: a paper as an article or chapter, the whole proceedings as a book', () => {
    expect(
      parseOpenUrl(
        'rft_val_fmt=info:ofi/fmt:kev:mtx:book&rft.genre=proceeding&rft.btitle=Proceedings+of+SIGIR&rft.atitle=Ranking',
      ),
    ).toMatchObject({ type: 'chapter', fields: { title: 'Proceedings of SIGIR', articleTitle: 'Ranking' } });
    expect(
      parseOpenUrl(
        'rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.genre=proceeding&rft.jtitle=PNAS&rft.atitle=Paper',
      ),
    ).toMatchObject({ type: 'article', fields: { title: 'PNAS', articleTitle: 'Paper' } });
    expect(
      parseOpenUrl(
        'rft_val_fmt=info:ofi/fmt:kev:mtx:book&rft.genre=conference&rft.btitle=Proceedings+of+SIGIR',
      )?.type,
    ).toBe('book');
  });

  it('reads a dissertation, its institution as the publisher, and reports as Other', () => {
    expect(
      parseOpenUrl(
        'url_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:dissertation&rft.title=Tidal+Patterns' +
          '&rft.au=Carrow,+M.&rft.inst=University+of+Southport&rft.date=1987&rft.degree=PhD',
      ),
    ).toEqual({
      version: '1.0',
      type: 'thesis',
      fields: {
        title: 'Tidal Patterns',
        author: 'Carrow, M.',
        year: '1987',
        publisher: 'University of Southport',
      },
      customFields: [{ key: 'Degree', value: 'PhD' }],
    });
    expect(
      parseOpenUrl('rft_val_fmt=info:ofi/fmt:kev:mtx:book&rft.genre=report&rft.btitle=Annual+report')?.type,
    ).toBe('other');
  });

  it('reads a DOI given as a doi.org address, and keeps another address as a link', () => {
    expect(
      parseOpenUrl(
        'url_ver=Z39.88-2004&rft.genre=article&rft.jtitle=PLoS+ONE&rft.atitle=A&rft_id=https%3A%2F%2Fdoi.org%2F10.1371%2Fjournal.pone.0000001' +
          '&rft_id=https%3A%2F%2Fexample.org%2Frecord%2F1',
      ),
    ).toMatchObject({
      fields: { doi: '10.1371/journal.pone.0000001' },
      customFields: [{ key: 'Link', value: 'https://example.org/record/1' }],
    });
  });

  it('reads ISO-8859-1 values where the context object says so', () => {
    const citation = parseOpenUrl(
      'ctx_ver=Z39.88-2004&ctx_enc=info%3Aofi%2Fenc%3AISO-8859-1&rft.genre=book&rft.btitle=G%F6del%2C+Escher%2C+Bach' +
        '&rft.au=Hofstadter%2C+Douglas&rft.place=M%FCnchen',
    );
    expect(citation?.fields).toMatchObject({ title: 'Gödel, Escher, Bach', place: 'München' });
  });

  it('prefers the 1.0 value where a link carries both versions', () => {
    const citation = parseOpenUrl(
      'url_ver=Z39.88-2004&genre=article&title=Old+Journal&atitle=Old+title&rft.genre=article' +
        '&rft.jtitle=New+Journal&rft.atitle=New+title&aulast=Only01',
    );
    expect(citation?.fields).toMatchObject({
      title: 'New Journal',
      articleTitle: 'New title',
      author: 'Only01',
    });
  });
});

describe('reading OpenURL 0.1 links', () => {
  it('reads the article links a database sends to DOAJ', () => {
    // DOAJ, docs/system/OPENURL.md: requests captured in the 0.1 syntax.
    expect(
      parseOpenUrl('?func=openurl&genre=article&issn=13334395&date=2006&volume=5&issue=2&spage=165'),
    ).toEqual({
      version: '0.1',
      type: 'article',
      fields: { year: '2006', volume: '5', issue: '2', pages: '165', issn: '1333-4395' },
      customFields: [],
    });
    expect(parseOpenUrl('genre=journal&issn=2158-2440&volume=4&issue=2&date=2014')).toMatchObject({
      type: 'journal',
      fields: { issn: '2158-2440', volume: '4', issue: '2', year: '2014' },
    });
  });

  it('reads a DOI given as id=doi:… and the metadata of Crossref’s resolver examples', () => {
    // Crossref, "OpenURL" documentation: quick start.
    expect(parseOpenUrl('pid=email@address.com&id=doi:10.1103/PhysRev.47.777')).toMatchObject({
      version: '0.1',
      fields: { doi: '10.1103/PhysRev.47.777' },
    });
    expect(parseOpenUrl('pid=email@address.com&title=Atoms&volume=11&spage=98&aulast=Danner')).toMatchObject({
      version: '0.1',
      fields: { title: 'Atoms', author: 'Danner', volume: '11', pages: '98' },
    });
  });

  it('reads an ArticleReach-style article link with a source, names and pages', () => {
    // The 0.1 keys of 360 Link's ILL link syntax, filled in for one article.
    const citation = parseOpenUrl(
      'sid=Entrez:PubMed&genre=article&issn=0028-0836&eissn=&isbn=&atitle=Molecular+Structure+of+Nucleic+Acids' +
        '&title=Nature&volume=171&issue=4356&number=&spage=737&epage=738&date=1953&quarter=&season=' +
        '&aulast=Watson&aufirst=J.+D.&sici=&id=pmid:13054692',
    );
    expect(citation).toEqual({
      version: '0.1',
      type: 'article',
      fields: {
        title: 'Nature',
        articleTitle: 'Molecular Structure of Nucleic Acids',
        author: 'Watson, J. D.',
        year: '1953',
        volume: '171',
        issue: '4356',
        pages: '737-738',
        issn: '0028-0836',
        otherIdentifiers: 'PMID: 13054692',
      },
      customFields: [{ key: 'Source', value: 'Entrez:PubMed' }],
    });
  });

  it('reads a 0.1 book with initials and a bookitem with its chapter', () => {
    expect(
      parseOpenUrl('genre=book&title=Middlemarch&aulast=Eliot&auinit=G&isbn=9780141439549&date=1871'),
    ).toEqual({
      version: '0.1',
      type: 'book',
      fields: { title: 'Middlemarch', author: 'Eliot, G', year: '1871', isbn: '9780141439549' },
      customFields: [],
    });
    expect(parseOpenUrl('genre=bookitem&title=Handbook&atitle=Latin+Epic&pages=214-240')).toMatchObject({
      type: 'chapter',
      fields: { title: 'Handbook', articleTitle: 'Latin Epic', pages: '214-240' },
    });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    expect(parseOpenUrl('genre=book&title=Caf%E9+society&aulast=M%FCller')?.fields).toMatchObject({
      title: 'Café society',
      author: 'Müller',
    });
  });
});

describe('what is not an OpenURL', () => {
  it('finds none in an empty query, in other parameters or in a lone title', () => {
    expect(parseOpenUrl('')).toBeUndefined();
    expect(parseOpenUrl('?')).toBeUndefined();
    expect(parseOpenUrl('?next=%2Fopac%2FILN-NORTH')).toBeUndefined();
    expect(parseOpenUrl('?title=Something')).toBeUndefined();
    expect(parseOpenUrl('?id=42')).toBeUndefined();
  });

  it('splits a query into decoded pairs, keeping repeated keys and empty values', () => {
    expect(parseQuery('?a=1&a=2&b=&c&d=x%20y+z')).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', ''],
      ['c', ''],
      ['d', 'x y z'],
    ]);
  });
});

describe('choosing among the types the library offers', () => {
  it('keeps an offered type, else falls back to Other, else to the first offered', () => {
    expect(offeredType('thesis', ['book', 'article', 'thesis', 'other'])).toBe('thesis');
    expect(offeredType('thesis', ['book', 'article', 'other'])).toBe('other');
    expect(offeredType('journal', ['book', 'article'])).toBe('book');
  });
});
