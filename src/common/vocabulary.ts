// The one EN/TH vocabulary of adref: the pages fetch it as /vocabulary.json, the PDF record and
// the emails read it here, so that a state, an act or a position has one name everywhere.
import catalogue from './vocabulary.catalogue.json';

export type VocabularyLanguage = 'en' | 'th';
export type Vocabulary = (typeof catalogue)['en'];
export type VocabularyGroup = Exclude<keyof Vocabulary, 'labels'>;

export const VOCABULARY: Record<VocabularyLanguage, Vocabulary> = catalogue;

export const vocabulary = (language: string | null | undefined): Vocabulary =>
  language === 'th' ? catalogue.th : catalogue.en;

/** Fills {placeholders}; a missing value leaves nothing (and no double space) behind. */
export function fill(template: string, params: Record<string, string | number | null | undefined>) {
  return template
    .replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? ''))
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A name from a group (states, events, positions …) or, failing that, the API's own word. */
export function term(language: string | null | undefined, group: VocabularyGroup, name: string) {
  const words = vocabulary(language)[group] as Record<string, string>;
  const english = catalogue.en[group] as Record<string, string>;
  return words[name] ?? english[name] ?? name.replace(/_/g, ' ');
}
