import { diffArrays } from 'diff';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';

/**
 * The paragraphs of a text, as comments and proposals number them (from 1): blocks separated by
 * one or more blank lines (a line holding only whitespace counts as blank; \r\n and \r line ends
 * as well), trimmed, empty ones left out. The statement page splits the same way (statement.js).
 */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
}

/**
 * Refuses (PARAGRAPH_OUT_OF_RANGE, 422) a paragraph number that version `version`, whose text is
 * `body`, does not have; comments and proposals both point at paragraphs this way.
 */
export function assertParagraphOf(body: string, version: number, paragraph: number): void {
  const count = splitParagraphs(body).length;
  if (paragraph > count) {
    throw new AdrefError(
      AdrefErrorCode.PARAGRAPH_OUT_OF_RANGE,
      `version ${version} has ${count} paragraph${count === 1 ? '' : 's'}; paragraph ${paragraph} is not one of them`,
      { field: 'paragraph', version, paragraphs: count },
    );
  }
}

/** Old paragraph number → its number in the new version, or null when it was deleted. */
export type ParagraphMap = Record<string, number | null>;

/**
 * How the paragraphs of `before` map to those of `after`, by aligning the two lists: an
 * unchanged paragraph maps to where it now is; in a run of removed paragraphs followed by added
 * ones, they pair in order (a paragraph changed in place keeps its place); the removed ones left
 * over map to null. Added paragraphs are the numbers that nothing maps to.
 */
export function mapParagraphs(before: string[], after: string[]): ParagraphMap {
  const map: ParagraphMap = {};
  let oldIndex = 0;
  let newIndex = 0;
  const changes = diffArrays(before, after);
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    const count = change.value.length;
    if (!change.added && !change.removed) {
      for (let k = 0; k < count; k++) map[String(oldIndex + k + 1)] = newIndex + k + 1;
      oldIndex += count;
      newIndex += count;
    } else if (change.removed) {
      const next = changes[i + 1];
      const added = next?.added ? next.value.length : 0;
      for (let k = 0; k < count; k++) {
        map[String(oldIndex + k + 1)] = k < added ? newIndex + k + 1 : null;
      }
      oldIndex += count;
      if (added) {
        newIndex += added;
        i += 1;
      }
    } else {
      newIndex += count;
    }
  }
  return map;
}

/** Follows a paragraph number through successive versions' maps; null once it was deleted. */
export function followParagraph(
  paragraph: number,
  maps: readonly (ParagraphMap | null)[],
): number | null {
  let current: number | null = paragraph;
  for (const map of maps) {
    if (current === null) return null;
    if (!map) continue;
    current = map[String(current)] ?? null;
  }
  return current;
}
