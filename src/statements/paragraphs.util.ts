/**
 * The paragraphs of a text as comments number them (from 1): blocks separated by a blank line,
 * trimmed, empty ones left out. The statement page splits the same way (statement.js).
 */
export function paragraphsOf(body: string): string[] {
  return body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
