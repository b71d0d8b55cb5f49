/** The OPAC's addresses, and where a login may send the patron next. */
import { describe, expect, it } from 'vitest';
import { loginPath, opacPath, safeNext } from './opac-paths.ts';

describe('OPAC addresses', () => {
  it('builds the pages of a library, encoding each part', () => {
    expect(opacPath('ILN-NORTH')).toBe('/opac/ILN-NORTH');
    expect(opacPath('ILN-NORTH', 'requests', 'a b')).toBe('/opac/ILN-NORTH/requests/a%20b');
    expect(loginPath('ILN-NORTH', '/opac/ILN-NORTH/request?genre=book&title=X')).toBe(
      '/opac/ILN-NORTH/login?next=%2Fopac%2FILN-NORTH%2Frequest%3Fgenre%3Dbook%26title%3DX',
    );
  });

  it('returns after login only to a page of the same library', () => {
    expect(safeNext('ILN-NORTH', '/opac/ILN-NORTH/request?genre=book')).toBe(
      '/opac/ILN-NORTH/request?genre=book',
    );
    expect(safeNext('ILN-NORTH', '/opac/ILN-NORTH')).toBe('/opac/ILN-NORTH');
    expect(safeNext('ILN-NORTH', null)).toBe('/opac/ILN-NORTH');
    expect(safeNext('ILN-NORTH', 'https://evil.example/')).toBe('/opac/ILN-NORTH');
    expect(safeNext('ILN-NORTH', '//evil.example/opac/ILN-NORTH')).toBe('/opac/ILN-NORTH');
    expect(safeNext('ILN-NORTH', '/opac/ILN-NORTHERN/requests')).toBe('/opac/ILN-NORTH');
    expect(safeNext('ILN-NORTH', '/staff')).toBe('/opac/ILN-NORTH');
  });
});
