// Kept in common, not in src/files with the file readers: this is a Nest piece, the interceptor and
// the decorators (FileUpload, Upload) that the upload routes of holdings, issuance and issuers carry.
// It hands the file it received, on disk, to the upload services, which read it with src/files.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  applyDecorators,
  createParamDecorator,
  Inject,
  Injectable,
  Logger,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, type SchemaObject } from '@nestjs/swagger';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { finalize, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiErrors } from './api-errors.js';
import { InsufficientStorage, Invalid, PayloadTooLarge } from './errors.js';
import { Instance } from './instance.js';
import { newUploadFolder } from './upload-folders.js';

/** An uploaded file, already on disk, with its content hash and the form's other fields. */
export interface ReceivedUpload {
  path: string;
  size: number;
  sha256: string;
  fileName: string;
  fields: Record<string, string>;
  /** Aborted when the client goes away before the answer is sent: the work on the file should stop. */
  signal: AbortSignal;
}

type UploadRequest = Request & { upload?: ReceivedUpload };

/**
 * Streams the multipart field `file` to a temporary file while hashing it, so that memory stays
 * bounded whatever the size, and a duplicate can be recognised before any parsing. The file's
 * folder (see upload-folders) is removed on every path: once the upload is refused (too large,
 * malformed, abandoned by the client), or once the handler is done with it.
 */
@Injectable()
export class MultipartUploadInterceptor implements NestInterceptor {
  private readonly logger = new Logger(MultipartUploadInterceptor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly instance: Instance,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const folder = await newUploadFolder(this.config.dataDir, this.instance).catch((err) => Promise.reject(this.diskFault(err)));
    try {
      const received = await receive(request, join(folder, 'file'), this.config.uploadMaxBytes).catch((err) =>
        Promise.reject(this.diskFault(err)),
      );
      request.upload = { ...received, signal: abortedWhenGone(response) };
    } catch (err) {
      await this.remove(folder);
      throw err;
    }
    return next.handle().pipe(finalize(() => void this.remove(folder)));
  }

  /** A full disk is the operator's to fix, and says where: not a 500. */
  private diskFault(err: unknown): unknown {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOSPC' || code === 'EDQUOT' ? new InsufficientStorage(this.config.dataDir, err) : err;
  }

  private async remove(folder: string): Promise<void> {
    await rm(folder, { recursive: true, force: true }).catch((err: Error) =>
      this.logger.warn(`Upload folder ${folder} not removed: ${err.message}`),
    );
  }
}

/** A route that takes a file in the multipart field `file`, and these other fields: received by the interceptor, documented with its errors. */
export function FileUpload(fields: Record<string, SchemaObject> = {}) {
  return applyDecorators(
    UseInterceptors(MultipartUploadInterceptor),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, ...fields } } }),
    ApiErrors([400, 'Not a multipart body with one file in the field "file"'], 413, 422, 507),
  );
}

export const Upload = createParamDecorator((_data: unknown, ctx: ExecutionContext): ReceivedUpload => {
  return ctx.switchToHttp().getRequest<UploadRequest>().upload!;
});

/** Aborted when the connection closes before the answer has been sent. */
function abortedWhenGone(response: Response): AbortSignal {
  const controller = new AbortController();
  const gone = () => {
    if (!response.writableEnded) controller.abort(new ClientGone());
  };
  if (response.destroyed) gone();
  else response.once('close', gone);
  return controller.signal;
}

/** The client closed the connection before the answer: nothing is stored, and the answer reaches nobody. */
export class ClientGone extends Invalid {
  constructor() {
    super('The client went away before the upload was answered; nothing was stored');
  }
}

/** Settles once the file on disk is closed, so that its folder can be removed behind it. */
function receive(request: Request, path: string, maxBytes: number): Promise<Omit<ReceivedUpload, 'signal'>> {
  if (!request.headers['content-type']?.startsWith('multipart/form-data')) {
    return Promise.reject(new Invalid('Send the file as multipart/form-data in the field "file"'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Promise<Omit<ReceivedUpload, 'fields' | 'signal'>> | null = null;
    let secondFile = false;
    const fail = (err: Error) =>
      void (file ?? Promise.resolve()).then(
        () => reject(err),
        () => reject(err),
      );
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: request.headers, limits: { fileSize: maxBytes, fields: 20 } });
    } catch (err) {
      return reject(new Invalid(`The multipart body cannot be read: ${(err as Error).message}`));
    }
    form.on('field', (name, value) => (fields[name] = value));
    form.on('file', (name, stream, info) => {
      if (name === 'file' && !file) {
        file = saveFile(stream, path, info.filename ?? 'upload', maxBytes);
        // A file the disk cannot take (full) is answered at once, not when the form ends:
        // the rest of the body bypasses the form, which would wait forever on the failed file.
        file.catch((err: NodeJS.ErrnoException) => {
          if (err.syscall === undefined) return; // the form's own error (a body cut short), answered when the form ends
          request.unpipe(form);
          reject(err);
        });
        return;
      }
      secondFile ||= name === 'file';
      stream.resume();
    });
    form.on('error', (err) => fail(new Invalid(`The multipart body cannot be read: ${(err as Error).message}`)));
    form.on('close', () => {
      if (secondFile)
        return fail(
          new Invalid('Send one file per upload: the field "file" appears twice', [
            { field: 'file', message: 'only one file may be sent' },
          ]),
        );
      if (!file) return reject(new Invalid('The multipart field "file" is missing', [{ field: 'file', message: 'file is required' }]));
      file.then((saved) => resolve({ ...saved, fields }), reject);
    });
    // pipeline, not pipe: a client that goes away ends the form and with it the temporary file.
    pipeline(request, form).catch((err) => fail(new Invalid(`The upload did not arrive whole: ${(err as Error).message}`)));
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
