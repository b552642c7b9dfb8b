import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { UploadRejected } from '../common/errors.js';

/**
 * A text file's bytes as UTF-8 strings, for papaparse, which would otherwise turn each byte that
 * is not UTF-8 into U+FFFD and let the file be stored so. A UTF-8 BOM is dropped. The first byte
 * that is not UTF-8 ends the reading with a 422; only then is the file read again, to find its line.
 */
export class Utf8Text extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly path: string) {
    super({ readableObjectMode: true, readableHighWaterMark: 1 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.decode(() => this.decoder.decode(chunk, { stream: true }), done);
  }

  override _flush(done: TransformCallback): void {
    this.decode(() => this.decoder.decode(), done);
  }

  private decode(text: () => string, done: TransformCallback): void {
    let decoded: string;
    try {
      decoded = text();
    } catch {
      notUtf8(this.path).then(done, done);
      return;
    }
    // An empty string would look to papaparse like a chunk without a single complete line.
    done(null, decoded || undefined);
  }
}

async function notUtf8(path: string): Promise<UploadRejected> {
  const message = 'The file is not UTF-8 text: save it as "CSV UTF-8" (in Excel: Save As, CSV UTF-8) and upload it again';
  const found = await firstInvalidByte(path);
  if (!found) return new UploadRejected(message);
  const { line, character, byte } = found;
  const meant = windows1252(byte);
  const problem = `byte 0x${byte.toString(16).toUpperCase()} (character ${character} of the line) is not UTF-8`;
  return new UploadRejected(message, [
    {
      row: line,
      column: '',
      message: meant ? `${problem}; in Latin-1/Windows-1252 it is "${meant}", the encoding the file was probably saved in` : problem,
    },
  ]);
}

/** Windows-1252 is Latin-1 but for 0x80-0x9F (Node's decoder of that name is plain Latin-1); five bytes there mean nothing. */
const WINDOWS_1252_80_TO_9F = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';

function windows1252(byte: number): string | null {
  const char = byte >= 0xa0 ? String.fromCharCode(byte) : WINDOWS_1252_80_TO_9F[byte - 0x80];
  return char && char !== '\0' ? char : null;
}

/** The first byte that does not begin or continue a UTF-8 character, where it starts a broken sequence. */
async function firstInvalidByte(path: string): Promise<{ line: number; character: number; byte: number } | null> {
  let [line, character, lead] = [1, 0, 0];
  let [following, low, high] = [0, 0, 0];
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (following > 0) {
        if (byte < low || byte > high) return { line, character, byte: lead };
        [following, low, high] = [following - 1, 0x80, 0xbf];
        continue;
      }
      character += 1;
      lead = byte;
      const next = AFTER_LEAD[byte];
      if (!next) return { line, character, byte };
      [following, low, high] = next;
      if (byte === 0x0a) [line, character] = [line + 1, 0];
    }
  }
  return following > 0 ? { line, character, byte: lead } : null;
}

/**
 * For each first byte of a character: how many bytes follow, and the range of the next one
 * (UTF-8 has no overlong forms and no surrogates); null for a byte no character begins with.
 */
const AFTER_LEAD: Array<readonly [following: number, low: number, high: number] | null> = Array.from({ length: 256 }, (_, lead) => {
  if (lead < 0x80) return [0, 0, 0] as const;
  if (lead >= 0xc2 && lead <= 0xdf) return [1, 0x80, 0xbf] as const;
  if (lead === 0xe0) return [2, 0xa0, 0xbf] as const;
  if (lead === 0xed) return [2, 0x80, 0x9f] as const;
  if (lead >= 0xe1 && lead <= 0xef) return [2, 0x80, 0xbf] as const;
  if (lead === 0xf0) return [3, 0x90, 0xbf] as const;
  if (lead >= 0xf1 && lead <= 0xf3) return [3, 0x80, 0xbf] as const;
  if (lead === 0xf4) return [3, 0x80, 0x8f] as const;
  return null;
});
