import type { EntityManager } from 'typeorm';
import { positionProblem } from '../../workflows/statement/round.util';
import type {
  RecordedPosition,
  Round,
  StatementEvent,
} from '../../workflows/statement/statement.types';
import { MeetingEntity } from '../reference/reference.entities';
import { ChairTermsService } from '../reference/chair-terms.service';
import { ReferenceService } from '../reference/reference.service';
import { dayOf } from '../reference/reference-day.util';
import type { ImportEvent } from './dto/import-file.dto';
import type { ParsedImport } from './import-file.parser';
import { ImportEventRef, importRefused, ImportRule } from './imports.errors';

/** Reference data read before the transaction (lists the transaction's session cannot wait on). */
export interface ImportReference {
  meetings: MeetingEntity[];
  memberNames: Map<string, string>;
}

/** A file event as the machine takes it, with who acted (label and member code). */
export interface TranslatedEvent {
  machineEvent: StatementEvent;
  actor: string;
  by: string | null;
}

const ordinal = (n: number): string =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/**
 * Turns a file event into the machine event it stands for, after the checks the machine's
 * guards cannot make: the chair and the electorate of the event's day, the meeting it names,
 * its deadline, and which text and electorate a position answers.
 */
export class ImportEventTranslator {
  constructor(
    private readonly reference: ReferenceService,
    private readonly chairTerms: ChairTermsService,
    private readonly manager: EntityManager,
    private readonly parsed: ParsedImport,
    private readonly data: ImportReference,
    private readonly recordedBy: string,
  ) {}

  private get framework(): string {
    return this.parsed.file.framework;
  }

  /** `round` is the statement's open round, or null. */
  async translate(
    event: ImportEvent,
    ref: ImportEventRef,
    round: Round | null,
  ): Promise<TranslatedEvent> {
    switch (event.type) {
      case 'RECORD_POSITION':
        return this.position(event, ref, round);
      case 'DEADLINE_PASSED':
        if (round && Date.parse(round.deadline) !== Date.parse(event.at)) {
          throw importRefused(
            ref,
            ImportRule.NOT_AT_DEADLINE,
            `a deadline passes at the deadline: at (${event.at}) must be the round's deadline (${round.deadline})`,
          );
        }
        return {
          machineEvent: { type: 'DEADLINE_PASSED', at: iso(event.at) },
          actor: event.actor ?? 'the deadline passing (from the records)',
          by: null,
        };
      default: {
        const chair = await this.chair(event, ref);
        const machineEvent = await this.chairEvent(event, ref, round);
        return { machineEvent, actor: event.actor ?? chair.label, by: chair.code };
      }
    }
  }

  /** The member whose secretariat chaired on the event's day: `by`, or the chair of that day. */
  async chair(event: ImportEvent, ref: ImportEventRef): Promise<{ code: string; label: string }> {
    const day = dayOf(new Date(event.at));
    const terms = await this.chairTerms.chairTermsOn(this.framework, day, this.manager);
    if (terms.length === 0) {
      throw importRefused(
        ref,
        ImportRule.NO_CHAIR_ON_DAY,
        `no ${this.framework} chair is recorded for ${day}`,
      );
    }
    // On a handover day both chairs may act; without `by`, the incoming one.
    const term = event.by ? terms.find((t) => t.chairCode === event.by) : terms[0];
    if (!term) {
      throw importRefused(
        ref,
        ImportRule.NOT_CHAIR_ON_DAY,
        `${event.by} does not chair ${this.framework} on ${day}; the chair is ${terms.map((t) => t.chairCode).join(' and ')}`,
      );
    }
    const office = term.secretariat ?? 'the secretariat';
    return {
      code: term.chairCode,
      label: `${office}, ${this.memberName(term.chairCode)} (${this.framework} chair)`,
    };
  }

  private async chairEvent(
    event: ImportEvent,
    ref: ImportEventRef,
    round: Round | null,
  ): Promise<StatementEvent> {
    const at = iso(event.at);
    switch (event.type) {
      case 'SUBMIT_TO_SOM':
        return { type: event.type, at };
      case 'RETURN_FOR_REVISION':
        return { type: event.type, at, ...(event.note ? { note: event.note } : {}) };
      case 'APPROVE_IN_PRINCIPLE':
      case 'ADOPT_AT_MEETING': {
        // A meeting of the reference data goes by id, as a live act would name it; the
        // file's own text only for a meeting the reference data does not hold.
        const held = this.meeting(event, ref);
        if (held) return { type: event.type, at, meetingId: held.id };
        return { type: event.type, at, ...(event.meeting ? { meeting: event.meeting } : {}) };
      }
      case 'EDIT_TEXT':
        return { type: event.type, at, version: this.version(event.version!) };
      case 'REVISE':
        return event.version === undefined
          ? { type: event.type, at }
          : { type: event.type, at, version: this.version(event.version) };
      case 'OPEN_AD_REFERENDUM':
        return this.openRound(event, ref);
      case 'EXTEND_DEADLINE': {
        const deadline = new Date(event.deadline!);
        if (round && deadline.getTime() <= Date.parse(round.deadline)) {
          throw importRefused(
            ref,
            ImportRule.DEADLINE_NOT_LATER,
            `the new deadline (${event.deadline}) must be later than the current one (${round.deadline})`,
          );
        }
        if (deadline.getTime() <= Date.parse(at)) {
          throw importRefused(
            ref,
            ImportRule.DEADLINE_NOT_LATER,
            `the new deadline (${event.deadline}) must be later than the extension (${event.at})`,
          );
        }
        return { type: event.type, at, deadline: deadline.toISOString() };
      }
      case 'CLOSE_WITHOUT_ADOPTION':
        return { type: event.type, at, ...(event.reason ? { reason: event.reason } : {}) };
      case 'WITHDRAW':
        return { type: event.type, at, reason: event.reason! };
      default:
        throw new Error(`${event.type} is not a chair's act after CREATED`);
    }
  }

  private async openRound(event: ImportEvent, ref: ImportEventRef): Promise<StatementEvent> {
    const at = iso(event.at);
    const deadline = new Date(event.deadline!);
    if (deadline.getTime() <= Date.parse(at)) {
      throw importRefused(
        ref,
        ImportRule.DEADLINE_NOT_AFTER_OPENING,
        `the deadline (${event.deadline}) must be after the round opens (${event.at})`,
      );
    }
    const day = dayOf(new Date(at));
    // The electorate is the reference data's for the day the round opened, never the file's.
    const electorate = await this.reference.electorateOn(this.framework, day, this.manager);
    if (electorate.length === 0) {
      throw importRefused(
        ref,
        ImportRule.NO_ELECTORATE,
        `${this.framework} has no members on ${day}`,
      );
    }
    const given = event.electorate && [...event.electorate].sort();
    if (given && given.join() !== electorate.join()) {
      throw importRefused(
        ref,
        ImportRule.ELECTORATE_DIFFERS,
        `the file's electorate (${given.join(', ')}) is not the members of ${this.framework} on ${day} (${electorate.join(', ')}); correct the file or the reference data`,
        { electorate, given },
      );
    }
    return {
      type: 'OPEN_AD_REFERENDUM',
      at,
      deadline: deadline.toISOString(),
      silenceRule: event.silenceRule!,
      electorate,
      ...(event.reminderOffsets ? { reminderOffsets: event.reminderOffsets } : {}),
    };
  }

  private async position(
    event: ImportEvent,
    ref: ImportEventRef,
    round: Round | null,
  ): Promise<TranslatedEvent> {
    const member = event.member!;
    const onBehalf = event.by !== undefined && event.by !== member;
    const recorder = onBehalf ? await this.chair(event, ref) : null;
    const hash =
      event.versionHash ??
      (event.version !== undefined ? this.parsed.hashes[event.version - 1] : round?.version.hash);
    const position: RecordedPosition = {
      member,
      position: event.position!,
      versionHash: hash ?? '',
      at: iso(event.at),
      ...(event.text ? { text: event.text } : {}),
      ...(event.reference ? { reference: event.reference } : {}),
      onBehalf,
      recordedBy: this.recordedBy,
    };
    // Why a position does not fit its round is decided in workflows/ (positionProblem); with
    // no round open, the machine refuses the event.
    const problem = round && positionProblem(round, position);
    if (round && problem === 'member_not_in_electorate') {
      throw importRefused(
        ref,
        ImportRule.MEMBER_NOT_IN_ELECTORATE,
        `${member} is not in the electorate of round ${round.number} (${round.electorate.join(', ')})`,
      );
    }
    if (round && problem === 'version_not_circulated') {
      const number = this.parsed.hashes.indexOf(position.versionHash) + 1;
      throw importRefused(
        ref,
        ImportRule.VERSION_NOT_CIRCULATED,
        `the position is on version ${number}, but round ${round.number} circulates version ${round.version.number}`,
        { circulated: round.version },
      );
    }
    const name = this.memberName(member);
    return {
      machineEvent: { type: 'RECORD_POSITION', at: position.at, position },
      actor:
        event.actor ??
        (recorder ? `${recorder.label}, for ${name}` : `${name} (focal point, ${member})`),
      by: recorder?.code ?? member,
    };
  }

  /** The reference meeting an act names; the act must fall on one of its days. */
  private meeting(event: ImportEvent, ref: ImportEventRef): MeetingEntity | null {
    const wanted = event.meetingRef;
    if (!wanted) return null;
    const name = [`the ${ordinal(wanted.ordinal)}`, wanted.kind, this.framework]
      .filter(Boolean)
      .join(' ');
    const candidates = this.data.meetings.filter(
      (m) =>
        m.frameworkCode === this.framework &&
        m.ordinal === wanted.ordinal &&
        (!wanted.kind || m.kind === wanted.kind),
    );
    if (candidates.length === 0) {
      throw importRefused(ref, ImportRule.UNKNOWN_MEETING, `the reference data has no ${name}`);
    }
    const day = dayOf(new Date(event.at));
    const held = candidates.find((m) => m.dateFrom <= day && day <= m.dateTo);
    if (!held) {
      throw importRefused(
        ref,
        ImportRule.NOT_DURING_MEETING,
        `${day} is not a day of ${name} (${candidates.map((m) => `${m.dateFrom}..${m.dateTo}`).join(', ')})`,
      );
    }
    return held;
  }

  private version(number: number) {
    return { number, hash: this.parsed.hashes[number - 1] };
  }

  private memberName(code: string): string {
    return this.data.memberNames.get(code) ?? code;
  }
}

const iso = (at: string): string => new Date(at).toISOString();
