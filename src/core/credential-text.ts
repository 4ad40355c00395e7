import { AppError } from '../errors.js';
import { MAX_JSON_DEPTH, tooDeepAt } from './json-depth.js';

/**
 * Turns a credential given as text — pasted into a page, read from a file, unbaked from a badge or
 * attached to a PDF — into what the verifier accepts: JSON text becomes the object it encodes (a
 * secured document is a map, VC Data Integrity §4.4, so the verifier refuses a string holding JSON);
 * anything else (a compact JWT, or text that is neither) is passed on for the verifier to judge.
 * Malformed JSON and JSON nested deeper than {@link MAX_JSON_DEPTH} are refused here, at `pointer`.
 */
export function credentialFromText(text: string, pointer: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return trimmed;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    const detail = `not valid JSON: ${(error as Error).message}`;
    throw new AppError('malformed-json', `The credential is ${detail}`, [{ pointer, detail }]);
  }
  const deep = tooDeepAt(value);
  if (deep !== undefined) {
    const detail = `nested deeper than ${MAX_JSON_DEPTH} levels (at ${deep || '/'})`;
    throw new AppError('json-too-deep', `The credential is ${detail}`, [{ pointer, detail }]);
  }
  return value;
}
