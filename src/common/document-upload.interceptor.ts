import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { API_PREFIX } from './api-prefix';
import { AdrefError, AdrefErrorCode, invalidInput } from './adref.errors';
import { MAX_DOCUMENT_BYTES } from './document-type.util';
import { assertStorableText } from './validation';

/** Room for the form's other fields and the part headers around the file. */
export const MULTIPART_OVERHEAD_BYTES = 256 * 1024;

/**
 * The only routes that take multipart/form-data; the JSON body parser lets them through and
 * every other route still answers 415 to a form.
 */
const MULTIPART_ROUTE = new RegExp(`^/${API_PREFIX}/statements/[^/]+/(documents|positions)/?$`);

export const isMultipartContentType = (contentType: string | undefined): boolean =>
  (contentType ?? '').split(';')[0].trim().toLowerCase() === 'multipart/form-data';

export const takesMultipart = (request: Request): boolean =>
  request.method === 'POST' &&
  MULTIPART_ROUTE.test(request.path) &&
  isMultipartContentType(request.headers['content-type']);

export const documentTooLarge = (): AdrefError =>
  new AdrefError(
    AdrefErrorCode.DOCUMENT_TOO_LARGE,
    `A document may be at most ${MAX_DOCUMENT_BYTES} bytes (20 MB)`,
    { maxBytes: MAX_DOCUMENT_BYTES },
  );

/** A file received by the upload: the bytes in memory, at most MAX_DOCUMENT_BYTES. */
export interface UploadedDocument {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

const upload = multer({
  storage: multer.memoryStorage(),
  // Busboy stops at the first byte past a limit; multer then discards the rest unread.
  limits: {
    fileSize: MAX_DOCUMENT_BYTES,
    files: 1,
    fields: 16,
    parts: 17,
    fieldSize: 64 * 1024,
    fieldNameSize: 64,
    headerPairs: 64,
  },
  defParamCharset: 'utf8',
}).single('file');

function refusalOf(error: unknown): AdrefError {
  if (error instanceof AdrefError) return error;
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') return documentTooLarge();
    const field = error.field ? ` (${error.field})` : '';
    return invalidInput(`The form is not one adref takes: ${error.message}${field}`, {
      field: error.field ?? 'file',
    });
  }
  return invalidInput(`The multipart body cannot be read: ${(error as Error).message}`);
}

/** Throws the rest of a body away, then settles: the client gets its answer, not a reset. */
function discard(request: Request): Promise<void> {
  return new Promise((resolve) => {
    if (request.readableEnded || request.destroyed) return resolve();
    request.on('end', () => resolve()).on('close', () => resolve());
    request.resume();
  });
}

/**
 * Reads a multipart/form-data body with at most one `file` of 20 MB into memory; a JSON body
 * passes untouched. A body declared larger than the file limit is refused before it is read.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!isMultipartContentType(request.headers['content-type'])) return next.handle();
    const response = http.getResponse<Response>();
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD_BYTES) {
      response.setHeader('Connection', 'close');
      await discard(request);
      throw documentTooLarge();
    }
    await new Promise<void>((resolve, reject) =>
      upload(request, response, (error: unknown) => (error ? reject(refusalOf(error)) : resolve())),
    );
    request.body = { ...(request.body as object) };
    assertStorableText(request.body);
    return next.handle();
  }
}

/** The file the upload read, if any. */
export const uploadedFile = (request: Request): UploadedDocument | undefined =>
  (request as Request & { file?: UploadedDocument }).file;

/** What a multipart/form-data request sent (its file, if any); undefined for a JSON body. */
export const uploadedForm = (request: Request): { file?: UploadedDocument } | undefined =>
  isMultipartContentType(request.headers['content-type'])
    ? { file: uploadedFile(request) }
    : undefined;
