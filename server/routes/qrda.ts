// A QRDA III document as its QPP submission, for the routes: not XML or past a parser bound is a
// 400 problem, a document the converter refuses a 422 naming the element. Runs on a worker thread.
import { convertQrda, QrdaError, type Conversion } from '../../engine/qrda/convert.js';
import { XmlError } from '../../engine/qrda/xml.js';
import { problem } from '../problem.js';

export function conversionOf(text: string): Conversion {
  try {
    return convertQrda(text);
  } catch (e) {
    if (e instanceof XmlError) {
      throw problem('invalid-xml', e.message, { errors: [{ path: '', code: e.code, message: e.message, ...(e.line !== undefined ? { line: e.line, col: e.column } : {}) }] });
    }
    if (e instanceof QrdaError) throw problem('invalid-qrda', e.message, { errors: e.problems });
    throw e;
  }
}
