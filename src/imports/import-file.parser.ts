import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { sha256 } from '../common/hash.util';
import { invalidInput } from '../common/adref.errors';
import {
  assertStorableText,
  FieldProblem,
  fieldProblems,
  invalidFields,
} from '../common/validation';
import {
  IMPORT_EVENT_DTOS,
  IMPORT_EVENT_TYPES,
  ImportEvent,
  ImportEventType,
  ImportFileDto,
  ImportVersionDto,
} from './dto/import-file.dto';
import { importRefused, ImportRule } from './imports.errors';

/** A file that passed every structural check, with the sha256 of each version (index 0 = v1). */
export interface ParsedImport {
  file: ImportFileDto;
  hashes: string[];
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** Positions that must say what they reserve or object to (as in POST /positions). */
const NEEDS_TEXT = new Set(['object', 'endorse_with_reservation']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function problemsOf<T extends object>(
  cls: new () => T,
  value: unknown,
  path: string,
): Promise<{ instance: T; problems: FieldProblem[] }> {
  const instance = plainToInstance(cls, value);
  return { instance, problems: fieldProblems(await validate(instance, VALIDATION), path) };
}

/**
 * Checks an import file field by field (400, every problem at once): the envelope, each
 * version, each event against its type's fields, and what ties them together (numbering,
 * hashes, which event introduces which version).
 */
export async function parseImportFile(body: unknown): Promise<ParsedImport> {
  if (!isObject(body))
    throw invalidInput('an import file is a JSON object (format adref-import/1)');
  assertStorableText(body);
  const { versions, events, ...envelope } = body;
  const problems: FieldProblem[] = [];
  // The envelope's own checks see versions and events only as arrays; their items come next.
  const head = await problemsOf(ImportFileDto, { ...envelope, versions, events }, '');
  problems.push(...head.problems);

  const parsedVersions: ImportVersionDto[] = [];
  if (Array.isArray(versions)) {
    for (const [index, version] of versions.entries()) {
      const path = `versions[${index}]`;
      if (!isObject(version)) {
        problems.push({
          field: path,
          problems: [`${path} must be an object {number, body, note?}`],
        });
        continue;
      }
      const checked = await problemsOf(ImportVersionDto, version, path);
      problems.push(...checked.problems);
      parsedVersions.push(checked.instance);
    }
  }
  const parsedEvents: ImportEvent[] = [];
  if (Array.isArray(events)) {
    for (const [index, event] of events.entries()) {
      const path = `events[${index}]`;
      const type = isObject(event) ? event.type : undefined;
      if (!IMPORT_EVENT_TYPES.includes(type as ImportEventType)) {
        problems.push({
          field: `${path}.type`,
          problems: [`${path}.type must be one of ${IMPORT_EVENT_TYPES.join(', ')}`],
        });
        continue;
      }
      const checked = await problemsOf(IMPORT_EVENT_DTOS[type as ImportEventType], event, path);
      problems.push(...checked.problems);
      parsedEvents.push(checked.instance as ImportEvent);
    }
  }
  if (problems.length) throw invalidFields(problems);

  const file = Object.assign(head.instance, { versions: parsedVersions, events: parsedEvents });
  const hashes = parsedVersions.map((version) => sha256(version.body));
  const links = [...versionProblems(parsedVersions, hashes), ...eventProblems(file, hashes)];
  if (links.length) throw invalidFields(links);
  return { file, hashes };
}

function versionProblems(versions: ImportVersionDto[], hashes: string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  versions.forEach((version, index) => {
    const path = `versions[${index}]`;
    if (version.number !== index + 1) {
      problems.push({
        field: `${path}.number`,
        problems: [`must be ${index + 1}: versions are numbered 1, 2, … in file order`],
      });
    }
    if (version.hash !== undefined && version.hash !== hashes[index]) {
      problems.push({
        field: `${path}.hash`,
        problems: [`is not the sha256 of body (which is ${hashes[index]})`],
      });
    }
    if (index > 0 && hashes[index] === hashes[index - 1]) {
      problems.push({ field: `${path}.body`, problems: [`is the same text as version ${index}`] });
    }
  });
  return problems;
}

const FIELDS_NOT_DETAILS = new Set(['type', 'illustrative']);

function eventProblems(file: ImportFileDto, hashes: string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problems: [problem] });
  const count = hashes.length;
  const introducedBy = new Map<number, number>();
  file.events.forEach((event, index) => {
    const path = `events[${index}]`;
    if (index === 0 && event.type !== 'CREATED') {
      add(`${path}.type`, 'the history starts with CREATED (the first draft, version 1)');
    }
    if (index > 0 && event.type === 'CREATED') {
      add(`${path}.type`, 'CREATED comes first and only once');
    }
    if ((event.type === 'EDIT_TEXT' || event.type === 'REVISE') && event.version !== undefined) {
      if (event.version > count) {
        add(`${path}.version`, `version ${event.version} is not in versions (1..${count})`);
      } else if (introducedBy.has(event.version)) {
        add(
          `${path}.version`,
          `version ${event.version} is already introduced by events[${introducedBy.get(event.version)}]`,
        );
      } else {
        introducedBy.set(event.version, index);
      }
    }
    if (event.type === 'RECORD_POSITION') {
      if (event.version !== undefined && event.version > count) {
        add(`${path}.version`, `version ${event.version} is not in versions (1..${count})`);
      }
      if (event.versionHash !== undefined) {
        const number = hashes.indexOf(event.versionHash) + 1;
        if (number === 0) add(`${path}.versionHash`, 'is the hash of no version in versions');
        else if (event.version !== undefined && event.version !== number) {
          add(
            `${path}.versionHash`,
            `is the hash of version ${number}, not of version ${event.version}`,
          );
        }
      }
      if (NEEDS_TEXT.has(event.position!) && !event.text) {
        add(
          `${path}.text`,
          `text is required for ${event.position}: the reservation or the reasons`,
        );
      }
      if (event.by !== undefined && event.by !== event.member && !event.reference) {
        add(
          `${path}.reference`,
          `reference (e.g. the note verbale) is required when ${event.by} records for ${event.member}`,
        );
      }
    }
    for (const field of event.illustrative ?? []) {
      if (FIELDS_NOT_DETAILS.has(field) || !(field in event)) {
        add(`${path}.illustrative`, `"${field}" is not a field of this event`);
      }
    }
  });
  for (let number = 2; number <= count; number++) {
    if (!introducedBy.has(number)) {
      add(
        `versions[${number - 1}]`,
        `version ${number} is never introduced by an EDIT_TEXT or REVISE event`,
      );
    }
  }
  return problems;
}

/** Events in time order, none in the future: what the machine cannot see from one event. */
export function assertTimeline(events: ImportEvent[], now: Date): void {
  let previous: number | null = null;
  events.forEach((event, index) => {
    const at = Date.parse(event.at);
    const ref = { index, type: event.type, at: event.at };
    if (at > now.getTime()) {
      throw importRefused(
        ref,
        ImportRule.IN_THE_FUTURE,
        `at (${event.at}) is in the future; an import records only what has happened (now is ${now.toISOString()})`,
      );
    }
    if (previous !== null && at < previous) {
      throw importRefused(
        ref,
        ImportRule.OUT_OF_TIME_ORDER,
        `at (${event.at}) is earlier than events[${index - 1}] (${events[index - 1].at}); list events in time order`,
      );
    }
    previous = at;
  });
}
