import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createParamDecorator, Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Invalid, PayloadTooLarge } from './errors.js';

/** An uploaded file, already on disk, with its content hash and the form's other fields. */
export interface ReceivedUpload {
  path: string;
  size: number;
  sha256: string;
  fileName: string;
  fields: Record<string, string>;
}

type UploadRequest = Request & { upload?: ReceivedUpload };

/**
 * Streams the multipart field `file` to a temporary file while hashing it, so that memory stays
 * bounded whatever the size, and a duplicate can be recognised before any parsing.
 */
@Injectable()
export class MultipartUploadInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<UploadRequest>();
    const folder = await mkdtemp(join(tmpdir(), 'iem-upload-'));
    http.getResponse<Response>().on('close', () => void rm(folder, { recursive: true, force: true }));
    request.upload = await receive(request, join(folder, 'file'), this.config.uploadMaxBytes);
    return next.handle();
  }
}

export const Upload = createParamDecorator((_data: unknown, ctx: ExecutionContext): ReceivedUpload => {
  return ctx.switchToHttp().getRequest<UploadRequest>().upload!;
});

function receive(request: Request, path: string, maxBytes: number): Promise<ReceivedUpload> {
  if (!request.headers['content-type']?.startsWith('multipart/form-data')) {
    return Promise.reject(new Invalid('Send the file as multipart/form-data in the field "file"'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Promise<Omit<ReceivedUpload, 'fields'>> | null = null;
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxBytes, fields: 20 } });
    } catch (err) {
      return reject(new Invalid(`The multipart body cannot be read: ${(err as Error).message}`));
    }
    form.on('field', (name, value) => (fields[name] = value));
    form.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      file = saveFile(stream, path, info.filename ?? 'upload', maxBytes);
      file.catch(() => undefined); // handled at 'close'; this only keeps Node from calling it unhandled
    });
    form.on('error', (err) => reject(new Invalid(`The multipart body cannot be read: ${(err as Error).message}`)));
    form.on('close', () => {
      if (!file) return reject(new Invalid('The multipart field "file" is missing', [{ field: 'file', message: 'file is required' }]));
      file.then((saved) => resolve({ ...saved, fields }), reject);
    });
    // pipeline, not pipe: a client that goes away ends the form and with it the temporary file.
    pipeline(request, form).catch((err) => reject(new Invalid(`The upload did not arrive whole: ${(err as Error).message}`)));
  });
}

async function saveFile(stream: NodeJS.ReadableStream & { truncated?: boolean }, path: string, fileName: string, maxBytes: number) {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(stream, meter, createWriteStream(path));
  if (stream.truncated) throw new PayloadTooLarge(maxBytes);
  return { path, size, sha256: hash.digest('hex'), fileName };
}
