import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Unknown fields are refused, not dropped: a typo must not pass silently. */
export const adrefValidationPipe = () =>
  new ValidationPipe({
    ...VALIDATION,
    transform: true,
    exceptionFactory: (errors) => invalidFields(fieldProblems(errors)),
  });

/** Validates a plain body against a DTO class with the same rules as the global pipe. */
export async function validateBody<T extends object>(cls: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('the body must be a JSON object');
  }
  const instance = plainToInstance(cls, body);
  const errors = await validate(instance, VALIDATION);
  if (errors.length) throw invalidFields(fieldProblems(errors));
  return instance;
}
