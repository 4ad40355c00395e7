import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import { AppError } from '../../errors.js';

export interface CsvLimits {
  /** bytes of the whole file */
  maxBytes: number;
  /** bytes of one record */
  maxRecordBytes: number;
}

/** One record of the file: its cells (trimmed) and the line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

const csvProblem = (detail: string, pointer = '') =>
  new AppError('csv-invalid', `The CSV file cannot be read: ${detail}`, [{ pointer, detail }]);

/** 4194304 → "4 MiB", 204800 → "200 KiB" */
export const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${+(bytes / 1024).toFixed(1)} KiB`;

export const uploadTooLarge = (maxBytes: number) =>
  new AppError(
    'payload-too-large',
    `The upload is larger than ${sizeText(maxBytes)}, the limit of one job; split the class into several files`,
    [{ pointer: '', detail: `larger than ${maxBytes} bytes` }],
  );

// C0 controls other than tab, line feed and carriage return: a binary file, not text
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function notUtf8(line: number): AppError {
  const detail = `line ${line} is not valid UTF-8 text`;
  return new AppError(
    'csv-not-utf8',
    `The file is not UTF-8: ${detail}. Save it as "CSV UTF-8" (e.g. in Excel: Save As → CSV UTF-8) and upload it again`,
    [{ pointer: `/line/${line}`, detail }],
  );
}

/**
 * Bytes → text, checked on the way: at most `maxBytes`, strictly UTF-8 (a leading BOM is dropped),
 * no control characters. Errors name the line they were found on.
 */
async function* utf8Text(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let lines = 1;
  for await (const chunk of source) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw uploadTooLarge(maxBytes);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const at = lenient.indexOf('\uFFFD');
      throw notUtf8(lines + (lenient.slice(0, Math.max(at, 0)).match(/\n/g)?.length ?? 0));
    }
    const control = CONTROL.exec(text);
    if (control) {
      const line = lines + (text.slice(0, control.index).match(/\n/g)?.length ?? 0);
      throw csvProblem(
        `line ${line} holds a control character: this is not a text CSV file`,
        `/line/${line}`,
      );
    }
    lines += text.match(/\n/g)?.length ?? 0;
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw notUtf8(lines);
  }
}

/** `,` or `;`: whichever the header line holds more of outside quotes (a tie, e.g. one column: `,`). */
export function detectSeparator(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas += 1;
    else if (!quoted && ch === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

const CSV_ERRORS: Record<string, string> = {
  CSV_MAX_RECORD_SIZE: 'a row is longer than the limit of one row',
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell is followed by more text before the separator',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted cell is followed by more text before the separator',
};

function toCsvProblem(error: unknown): unknown {
  const e = error as Partial<CsvError> & { lines?: number };
  if (!e?.code || !(e.code in CSV_ERRORS)) return error;
  return csvProblem(`line ${e.lines}: ${CSV_ERRORS[e.code]}`, `/line/${e.lines}`);
}

/** Reads text until the first line break, so the separator can be chosen before parsing starts. */
async function firstLine(
  texts: AsyncGenerator<string>,
): Promise<{ head: string; rest: AsyncGenerator<string> }> {
  let head = '';
  while (!head.includes('\n')) {
    const next = await texts.next();
    if (next.done) break;
    head += next.value;
  }
  async function* rest() {
    if (head) yield head;
    yield* texts;
  }
  return { head, rest: rest() };
}

/**
 * The records of a CSV upload, streamed: UTF-8 with or without BOM, `,` or `;` separators (detected
 * from the header line), RFC 4180 quoting, blank lines skipped. Whole-file problems (too large, not
 * UTF-8, binary, broken quoting) throw an AppError naming the line; short or long rows are the
 * caller's to judge.
 */
export async function* readCsv(
  source: AsyncIterable<Uint8Array>,
  limits: CsvLimits,
): AsyncGenerator<CsvRecord> {
  const { head, rest } = await firstLine(utf8Text(source, limits.maxBytes));
  const parser = parse({
    delimiter: detectSeparator(head.split('\n')[0] ?? ''),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: limits.maxRecordBytes,
    info: true,
  });
  const feeding = pipeline(Readable.from(rest), parser).catch(() => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const breaks = record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
      yield { line: info.lines - breaks, cells: record.map((cell) => cell.trim()) };
    }
  } catch (error) {
    throw toCsvProblem(error);
  } finally {
    parser.destroy();
    await feeding;
  }
}
