import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Request } from 'express';
import { CsvError, parse } from 'csv-parse';
import { RosterError } from '../../domain';

/** Bigger than a 25,000-row sheet with long titles; a larger upload is refused while it streams. */
const MAX_SHEET_BYTES = 20 * 1024 * 1024;
/**
 * One record may not grow without bound (an unclosed quote would swallow the rest of the file).
 * Far above the longest row the caps allow (src/domain/limits.ts), so a row written before the
 * caps existed is reported as that row's error instead of failing the whole file.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * The records of a CSV request body, parsed as they stream in (csv-parse): UTF-8 with or without
 * a BOM, quoted fields holding commas, quotes and line breaks, CRLF or LF. Records may have any
 * number of cells; the sheet's rules judge that per row (src/domain/csv.ts). A syntax error
 * anywhere fails the whole file, before any row applies.
 */
export function csvRecords(req: Request): AsyncIterable<string[]> {
  requireCsv(req);
  const parser = parse({
    bom: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const limit = sizeLimit(MAX_SHEET_BYTES);
  const utf8 = utf8Only();
  limit.on('error', (err) => parser.destroy(err));
  utf8.on('error', (err) => parser.destroy(err));
  req.on('error', (err) => parser.destroy(err));
  req.pipe(limit).pipe(utf8).pipe(parser);
  return recordsOf(parser, req);
}

async function* recordsOf(parser: AsyncIterable<string[]>, req: Readable): AsyncGenerator<string[]> {
  try {
    yield* parser;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? ` near line ${err.lines}` : '';
      throw new RosterError('invalid-syntax', `The file is not valid CSV${line}: ${err.message}`);
    }
    throw err;
  } finally {
    // Reading may stop early (a bad header, a syntax error): drain the rest of the upload rather
    // than destroying the request, whose socket must still carry the answer.
    req.unpipe();
    req.resume();
  }
}

function requireCsv(req: Request): void {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.get('Content-Type') ?? '')?.[2]?.toLowerCase();
  if (!req.is('text/csv') || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new RosterError(
      'unsupported-media-type',
      'Send the spreadsheet as Content-Type: text/csv, encoded in UTF-8 (save as "CSV UTF-8").',
    );
  }
}

/**
 * Passes the bytes on unchanged while they are valid UTF-8; refuses the file at the first that is
 * not, where csv-parse would quietly read U+FFFD and the import would write it over real names.
 */
function utf8Only(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const refuse = () =>
    new RosterError(
      'invalid-value',
      `The file is not valid UTF-8 (near byte ${offset + 1}): save it as "CSV UTF-8" and upload it again.`,
    );
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(refuse());
      }
      offset += chunk.length;
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      try {
        decoder.decode();
      } catch {
        return done(refuse());
      }
      done();
    },
  });
}

function sizeLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) {
        done(
          new RosterError(
            'payload-too-large',
            `The file is larger than ${limit / 1024 / 1024} MB; split it.`,
          ),
        );
      } else done(null, chunk);
    },
  });
}
