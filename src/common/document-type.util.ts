/** The most a document may weigh: 20 MB. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * The types adref keeps, as file-type names them from the content: PDF, images, and office
 * documents (OOXML, OpenDocument, and the legacy Word/Excel/PowerPoint files, which are OLE
 * compound files: file-type says `cfb`). Anything else, executables first, is refused.
 */
const ACCEPTED: ReadonlySet<string> = new Set([
  'pdf',
  'png',
  'jpg',
  'gif',
  'webp',
  'tif',
  'bmp',
  'avif',
  'heic',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'cfb',
]);

export interface DetectedType {
  ext: string;
  mime: string;
}

/** What the content is, or null when file-type does not recognise it. */
export async function detectType(bytes: Uint8Array): Promise<DetectedType | null> {
  // file-type is ES modules only: loaded once, on first use.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes);
  return found ? { ext: found.ext, mime: found.mime } : null;
}

export const isAcceptedType = (type: DetectedType | null): boolean =>
  type !== null && ACCEPTED.has(type.ext);

export const ACCEPTED_TYPES: readonly string[] = [...ACCEPTED];

/**
 * A filename fit to store and to send back: no folders, no control or bidi characters, at most
 * 200 characters; `document` when nothing is left.
 */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'document' : cleaned;
}

/**
 * `attachment` with the name twice (RFC 6266): an ASCII fallback in `filename`, and the exact
 * name, percent-encoded UTF-8, in `filename*`. Nothing of the name can break out of the header.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
