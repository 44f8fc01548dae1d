// QPP bodies as `mips-ia qpp` and the /v1/qpp routes take them: a QRDA III document converted
// (its refusals as use-case errors, so both interfaces say the same), a file told apart by content.
import { convertQrda, QrdaError, type Conversion } from '../qrda/convert.js';
import { XmlError } from '../qrda/xml.js';
import { UseCaseError } from './use-case-error.js';

/** The QPP submission of a QRDA III document; not XML, or past a parser bound: invalid-xml; refused by the converter's rules: invalid-qrda. */
export function convertDocument(text: string): Conversion {
  try {
    return convertQrda(text);
  } catch (e) {
    if (e instanceof XmlError) {
      throw new UseCaseError('invalid-xml', e.message, { errors: [{ path: '', code: e.code, message: e.message, ...(e.line !== undefined ? { line: e.line, col: e.column } : {}) }] });
    }
    if (e instanceof QrdaError) throw new UseCaseError('invalid-qrda', e.message, { errors: e.problems });
    throw e;
  }
}

/** A file's QPP submission: XML (it starts with '<', after a byte-order mark and white space) is converted, anything else read as JSON. */
export function qppSubmissionOf(text: string, name: string): Conversion | { submission: unknown; warnings: string[] } {
  if (/^\uFEFF?\s*</.test(text)) return convertDocument(text);
  try {
    return { submission: JSON.parse(text) as unknown, warnings: [] };
  } catch (e) {
    throw new UseCaseError('invalid-json', `${name} is neither XML nor JSON: ${(e as Error).message}`);
  }
}
