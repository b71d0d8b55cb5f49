/**
 * The lexical rules of the XSD simple types ISO 18626 uses, shared by the parser (which refuses or
 * drops what does not fit) and the emitter (which must never write what a validator would refuse).
 */

/** xs:integer. */
export const XS_INTEGER = /^[+-]?\d+$/;

/** xs:decimal (no exponent, no thousands separator, `.` as the decimal point). */
export const XS_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

// RFC 3986 URI-reference, built from its grammar. IP-literal hosts ([…]) are left out on purpose:
// conservative is safe here, and no scheme URI of an ISO 18626 code list uses one.
const HEX = '%[0-9A-Fa-f]{2}';
const SUB = "A-Za-z0-9\\-._~!$&'()*+,;=";
const PCHAR = `(?:[${SUB}:@]|${HEX})`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;
const SEGMENT_NZ_NC = `(?:[${SUB}@]|${HEX})+`;
const QUERY = `(?:${PCHAR}|[/?])*`;
const AUTHORITY = `(?:(?:[${SUB}:]|${HEX})*@)?(?:[${SUB}]|${HEX})*(?::\\d*)?`;
const PATH_ABEMPTY = `(?:/${SEGMENT})*`;
const PATH_ABSOLUTE = `/(?:${SEGMENT_NZ}(?:/${SEGMENT})*)?`;
const PATH_ROOTLESS = `${SEGMENT_NZ}(?:/${SEGMENT})*`;
const PATH_NOSCHEME = `${SEGMENT_NZ_NC}(?:/${SEGMENT})*`;
const TAIL = `(?:\\?${QUERY})?(?:#${QUERY})?`;
const ABSOLUTE = `[A-Za-z][A-Za-z0-9+.-]*:(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${PATH_ROOTLESS}|)${TAIL}`;
const RELATIVE = `(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${PATH_NOSCHEME}|)${TAIL}`;
const URI_REFERENCE = new RegExp(`^(?:${ABSOLUTE}|${RELATIVE})$`);

/**
 * Whether `value` is an xs:anyURI that libxml2 (xmllint, and the validators of peers built on it)
 * accepts: it collapses whitespace, replaces the characters RFC 3986 excludes (controls, space,
 * non-ASCII, `<>"{}|\^`'`) with `_`, and parses the rest as an RFC 3986 URI reference. So `RESHARE`
 * and `http://uri1` are fine, `http:]]>//x`, `a%zz` and `http://x:port` are not.
 */
export function isSchemaAnyUri(value: string): boolean {
  if (value.length > 4096) return false;
  const collapsed = value.replace(/[\t\n\r ]+/g, ' ').trim();
  return URI_REFERENCE.test(collapsed.replace(/[^\x21-\x7e]|[<>"{}|\\^`']/g, '_'));
}
