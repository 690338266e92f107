import { Injectable, PipeTransform } from '@nestjs/common';
import { invalidInput } from '../common/adref.errors';
import { validateBody } from '../common/validation';
import {
  CLIENT_EVENT_TYPES,
  ClientEventType,
  EVENT_DTOS,
  StatementEventDto,
} from './dto/statement-event.dto';

/** Validates an event body against the fields of its own type, refusing any other field. */
@Injectable()
export class StatementEventPipe implements PipeTransform<unknown, Promise<StatementEventDto>> {
  async transform(body: unknown): Promise<StatementEventDto> {
    const type = (body as { type?: unknown } | null)?.type;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalidInput('the body must be a JSON object with a type');
    }
    if (!CLIENT_EVENT_TYPES.includes(type as ClientEventType)) {
      throw invalidInput(`type must be one of ${CLIENT_EVENT_TYPES.join(', ')}`, {
        fields: [
          { field: 'type', problems: [`unknown event type ${JSON.stringify(type ?? null)}`] },
        ],
      });
    }
    return (await validateBody(EVENT_DTOS[type as ClientEventType], body)) as StatementEventDto;
  }
}
