/** The files the core writes and reads: RFC 4180 CSV and multipart/form-data bodies. */
import { csvRecords, parseCsv, singleColumnCsv, toCsv, utf8Bytes } from '../../shared/files/csv';
import { decodeMultipart, encodeMultipart } from '../../shared/files/multipart';

describe('CSV', () => {
  it('quotes what needs quoting, doubles quotes, and reads it back to the same values', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded ', 'ünïcödé', ''];
    const text = singleColumnCsv('handle', values);
    expect(text).toBe('handle\r\nplain\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n" padded "\r\nünïcödé\r\n\r\n');
    expect(
      parseCsv(text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(values.slice(0, -1));
  });

  it('reads records by header, with a BOM and CRLF or LF line ends', () => {
    expect(csvRecords('\ufeffinput_value,status\r\nalice,success\nbob,"not_found"\n')).toEqual([
      { input_value: 'alice', status: 'success' },
      { input_value: 'bob', status: 'not_found' },
    ]);
  });

  it('counts bytes as UTF-8 (the provider caps the file in bytes)', () => {
    expect(utf8Bytes(toCsv(['e'], [['é']]))).toBe(7); // e CR LF é(2 bytes) CR LF
  });
});

describe('multipart/form-data', () => {
  it('round-trips fields and a file part; objects travel as JSON text; undefined fields are left out', () => {
    const { body, contentType } = encodeMultipart({
      fields: { mode: 'raw', flag: true, meta: { a: 1 }, skip: undefined },
      files: [{ name: 'file', filename: 'x.csv', contentType: 'text/csv', content: 'handle\r\nalice\r\n' }],
    });
    const back = decodeMultipart(body, contentType);
    expect(back.fields).toEqual({ mode: 'raw', flag: 'true', meta: '{"a":1}' });
    expect(back.files).toEqual([{ name: 'file', filename: 'x.csv', contentType: 'text/csv', content: 'handle\r\nalice\r\n' }]);
  });

  it('never lets a value end its part early: a boundary found in the content is replaced', () => {
    const { body, contentType } = encodeMultipart({ fields: { note: '------enrichflowfixed' }, files: [] }, 'enrichflowfixed');
    expect(contentType).not.toContain('boundary=enrichflowfixed');
    expect(decodeMultipart(body, contentType).fields.note).toBe('------enrichflowfixed');
  });

  it('refuses a field name with a line break (header injection)', () => {
    expect(() => encodeMultipart({ fields: { 'a\r\nX-Evil: 1': 'v' }, files: [] })).toThrow(/line breaks/);
  });
});
