import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { invalidInput } from './adref.errors';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's tree into one entry per field, e.g. `round.deadline`. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

export const invalidFields = (problems: FieldProblem[]) =>
  invalidInput(problems.map((p) => `${p.field}: ${p.problems.join('; ')}`).join(' | '), {
    fields: problems,
  });

// PostgreSQL cannot store NUL in text, and a lone UTF-16 surrogate is no character at all.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses any string, however deep in the input, that the database could not store faithfully. */
export function assertStorableText(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) {
      const field = path || 'value';
      throw invalidFields([
        { field, problems: [`${field} contains a NUL or an unpaired surrogate character`] },
      ]);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertStorableText(item, `${path}[${index}]`));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) {
        throw invalidFields([
          { field, problems: ['a field name contains a NUL or an unpaired surrogate character'] },
        ]);
      }
      assertStorableText(item, field);
    }
  }
}

/**
 * Names every object inherits (toString, constructor, hasOwnProperty, __proto__ …). No DTO has
 * such a field, yet class-transformer skips them and the whitelist never sees them: refused here.
 */
const isInheritedName = (key: string): boolean => key === '__proto__' || key in Object.prototype;

/** Refuses a key named after an inherited property, at any depth of the input. */
export function assertNoInheritedKeys(value: unknown, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoInheritedKeys(item, `${path}[${index}]`));
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (isInheritedName(key)) {
        throw invalidFields([{ field, problems: [`property ${key} should not exist`] }]);
      }
      assertNoInheritedKeys((value as Record<string, unknown>)[key], field);
    }
  }
}

/** Unknown fields are refused, not dropped: a typo must not pass silently. */
class AdrefValidationPipe extends ValidationPipe {
  constructor() {
    super({
      ...VALIDATION,
      transform: true,
      exceptionFactory: (errors) => invalidFields(fieldProblems(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    assertStorableText(value);
    if (metadata.type === 'body' || metadata.type === 'query') assertNoInheritedKeys(value);
    return super.transform(value, metadata);
  }
}

export const adrefValidationPipe = () => new AdrefValidationPipe();

/** Validates a plain body against a DTO class with the same rules as the global pipe. */
export async function validateBody<T extends object>(cls: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('the body must be a JSON object');
  }
  assertStorableText(body);
  assertNoInheritedKeys(body);
  const instance = plainToInstance(cls, body);
  const errors = await validate(instance, VALIDATION);
  if (errors.length) throw invalidFields(fieldProblems(errors));
  return instance;
}
