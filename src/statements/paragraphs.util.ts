import { diffArrays } from 'diff';

/**
 * The paragraphs of a text: blocks separated by one or more blank lines (a line holding only
 * whitespace counts as blank). Each paragraph is trimmed; numbering starts at 1.
 */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
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
