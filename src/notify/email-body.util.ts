import type { Language } from '../common/principal.entity';

/** A piece of a message, written out once as text and once as HTML. */
export type Block =
  | { p: string }
  | { link: string; label: string }
  | { list: string[] }
  | { pre: string; small?: boolean };

export function asText(blocks: Block[]): string {
  return blocks
    .map((block) =>
      'p' in block
        ? block.p
        : 'link' in block
          ? `${block.label}: ${block.link}`
          : 'list' in block
            ? block.list.map((item) => `- ${item}`).join('\n') || '-'
            : block.pre,
    )
    .join('\n\n');
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

// Every value is escaped: titles, reasons and texts come from users.
export function asHtml(blocks: Block[], subject: string, language: Language): string {
  const body = blocks
    .map((block) => {
      if ('p' in block) return `<p>${escapeHtml(block.p)}</p>`;
      if ('link' in block)
        return `<p><a href="${escapeHtml(block.link)}">${escapeHtml(block.label)}</a><br>${escapeHtml(block.link)}</p>`;
      if ('list' in block)
        return `<ul>${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
      const style = block.small
        ? 'white-space:pre-wrap;font-size:smaller;color:#555'
        : 'white-space:pre-wrap;font-family:inherit;border-left:3px solid #ccc;padding-left:1em';
      return `<pre style="${style}">${escapeHtml(block.pre)}</pre>`;
    })
    .join('\n');
  return (
    `<!DOCTYPE html>\n<html lang="${language}"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(subject)}</title></head>\n<body>\n${body}\n</body></html>\n`
  );
}
