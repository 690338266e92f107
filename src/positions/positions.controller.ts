import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { invalidInput } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { ApiErrors, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { PositionsHistoryDto, RecordOfAdoptionDto, RecordPdfQueryDto } from './dto/positions.dto';
import { PositionsService } from './positions.service';
import { recordCsv } from './record-csv.util';
import { renderRecordPdf } from './record-pdf.renderer';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => invalidInput('the statement id must be a UUID'),
});
const NOT_ADOPTED = 'Not adopted yet: there is no record of adoption';

const download = (id: string, extension: string) =>
  `attachment; filename="record-of-adoption-${id.slice(0, 8)}.${extension}"`;

@ApiTags('positions')
@ApiSignedIn()
@ApiErrors([400, 'The statement id is not a UUID'], [404, 'Unknown statement'])
@Controller('statements')
export class PositionsController {
  constructor(
    private readonly positions: PositionsService,
    private readonly clock: Clock,
  ) {}

  @Get(':id/positions')
  @ApiOp(
    'listPositions',
    'Every position of every round, superseded ones included, with who recorded it',
  )
  @ApiOkResponse({ type: PositionsHistoryDto })
  history(@Param('id', uuid) id: string): Promise<PositionsHistoryDto> {
    return this.positions.history(id);
  }

  @Get(':id/record')
  @ApiOp('getRecord', 'The record of adoption: adopted text, date and every position')
  @ApiOkResponse({ type: RecordOfAdoptionDto })
  @ApiErrors([409, NOT_ADOPTED])
  record(@Param('id', uuid) id: string): Promise<RecordOfAdoptionDto> {
    return this.positions.record(id);
  }

  @Get(':id/record.csv')
  @ApiOp('getRecordCsv', 'The members’ positions in the record of adoption, as CSV (UTF-8)')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One row per member',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiErrors([409, NOT_ADOPTED])
  async csv(@Param('id', uuid) id: string): Promise<StreamableFile> {
    const csv = recordCsv(await this.positions.record(id));
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: download(id, 'csv'),
    });
  }

  @Get(':id/record.pdf')
  @ApiOp('getRecordPdf', 'The record of adoption as a printable A4 PDF (English or Thai)')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors([409, NOT_ADOPTED])
  async pdf(@Param('id', uuid) id: string, @Query() query: RecordPdfQueryDto) {
    const record = await this.positions.record(id);
    const pdf = await renderRecordPdf(record, query.lang ?? 'en', this.clock.now());
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: download(id, 'pdf'),
    });
  }
}
