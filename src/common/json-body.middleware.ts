import { PayloadTooLargeException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AdrefError, AdrefErrorCode, invalidInput } from './adref.errors';
import { assertStorableText } from './validation';
import { takesMultipart } from './document-upload.interceptor';

/** Objects and arrays may nest this deep; no adref body needs more than a handful. */
export const MAX_JSON_DEPTH = 32;
/** Statement texts run long, in Thai as well: 3 bytes a character. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const [QUOTE, BACKSLASH, OPEN_BRACE, OPEN_BRACKET, CLOSE_BRACE, CLOSE_BRACKET] = [
  0x22, 0x5c, 0x7b, 0x5b, 0x7d, 0x5d,
];

/**
 * True when JSON text nests objects and arrays deeper than `max`. One pass, no recursion, so
 * a body 10,000 levels deep is measured without touching the stack; exact for valid JSON, and
 * anything else is refused by JSON.parse afterwards.
 */
export function nestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export const tooDeeplyNested = (): AdrefError =>
  new AdrefError(
    AdrefErrorCode.TOO_DEEPLY_NESTED,
    `The JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`,
  );

const unsupportedMediaType = (got: string | undefined): AdrefError =>
  new AdrefError(
    AdrefErrorCode.UNSUPPORTED_MEDIA_TYPE,
    `Send the body as Content-Type: application/json (UTF-8); got ${got ? JSON.stringify(got) : 'no Content-Type'}`,
  );

// 413, as before: the exception filter gives it the code invalid_input.
const payloadTooLarge = (limit: number) =>
  new PayloadTooLargeException(`The body is larger than ${limit} bytes`);

/** Only `application/json`, in UTF-8 (the default), unencoded, is a JSON body. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split('=').map((part) => part.trim());
    return name !== 'charset' || ['utf-8', 'utf8', '"utf-8"'].includes(value ?? '');
  });
}

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined ||
  (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

/** Reads the raw body, refusing it (413) once it passes `limit` bytes. */
function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return Promise.reject(payloadTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | null) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) {
        request.resume(); // the rest is discarded; the connection closes after the answer
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle(payloadTooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(null);
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(invalidInput('The request ended before its body did'));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** Text of a JSON body, or the refusal: invalid UTF-8, too deep, or not JSON at all. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new AdrefError(AdrefErrorCode.INVALID_ENCODING, 'The body is not valid UTF-8');
  }
  if (text.length === 0) return {};
  if (nestsDeeperThan(text)) throw tooDeeplyNested();
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') {
    throw invalidInput('The body must be a JSON object or array');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`The body is not valid JSON: ${(error as Error).message}`);
  }
  // Recursion is safe now (at most MAX_JSON_DEPTH deep), and covers routes that take no body.
  assertFiniteNumbers(body);
  assertStorableText(body);
  return body;
}

/** 1e400 (or 400 digits) parses to Infinity, which no field takes and nothing can hash or store. */
function assertFiniteNumbers(value: unknown, path = ''): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw invalidInput(`${path || 'the body'}: a number too large to represent`, {
      fields: [{ field: path, problems: ['a number too large to represent'] }],
    });
  }
  if (Array.isArray(value)) value.forEach((item, i) => assertFiniteNumbers(item, `${path}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertFiniteNumbers(item, path ? `${path}.${key}` : key);
    }
  }
}

/**
 * The one body parser of the app: every request body is JSON in UTF-8 (415 otherwise), at most
 * 4 MB (413), nested at most 32 deep (400 too_deeply_nested), and valid UTF-8 (400
 * invalid_encoding), checked on the raw bytes before JSON.parse. A route that comes to take
 * files or forms must be let through here by its path: the document uploads are
 * (DocumentUploadInterceptor reads them, with their own 20 MB limit).
 */
export function jsonBody(limit = MAX_BODY_BYTES): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!hasBody(request) || request.readableEnded) return next();
    if (takesMultipart(request)) return next();
    const fail = (error: unknown) => {
      // What is left of the body is not read: the connection cannot be reused.
      response.setHeader('Connection', 'close');
      next(error);
    };
    if (!isJsonContentType(request.headers['content-type'])) {
      return fail(unsupportedMediaType(request.headers['content-type']));
    }
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      return fail(
        new AdrefError(
          AdrefErrorCode.UNSUPPORTED_MEDIA_TYPE,
          `Send the body without Content-Encoding; got ${JSON.stringify(encoding)}`,
        ),
      );
    }
    readBody(request, limit).then((bytes) => {
      try {
        request.body = parseJsonBody(bytes);
      } catch (error) {
        return next(error);
      }
      // Read once: the parsers Nest adds later see it done and leave it.
      (request as Request & { _body?: boolean })._body = true;
      next();
    }, fail);
  };
}
