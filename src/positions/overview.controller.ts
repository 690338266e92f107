import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock } from '../common/clock';
import { ApiErrors, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { InboxDto, MatrixDto, MatrixExportQueryDto, MatrixQueryDto } from './dto/overview.dto';
import { matrixCsv, matrixXlsx, XLSX_TYPE } from './matrix-export.util';
import { OverviewService } from './overview.service';

const UNKNOWN_FRAMEWORK: [number, string] = [404, 'unknown_framework: no such framework'];
const FRAMEWORK = ApiParam({ name: 'code', description: 'A framework code', example: 'ACCSM' });
const attachment = (framework: string, extension: string) =>
  `attachment; filename="matrix-${framework.replace(/[^A-Za-z0-9+-]/g, '_')}.${extension}"`;

// Readable by everyone signed in, as the board is (GET /statements?pendingFor= shows the same).
@ApiTags('overview')
@ApiSignedIn()
@Controller()
export class OverviewController {
  constructor(
    private readonly overview: OverviewService,
    private readonly clock: Clock,
  ) {}

  @Get('members/:code/inbox')
  @ApiOp('getMemberInbox', 'Everything that awaits a member across statements, by deadline')
  @ApiParam({ name: 'code', description: 'A member code', example: 'THA' })
  @ApiOkResponse({ type: InboxDto })
  @ApiErrors([404, 'unknown_member: no such member'])
  inbox(@Param('code') code: string): Promise<InboxDto> {
    return this.overview.inbox(code);
  }

  @Get('frameworks/:code/matrix')
  @ApiOp('getFrameworkMatrix', 'Statements × members of a framework: each position and its date')
  @FRAMEWORK
  @ApiOkResponse({ type: MatrixDto })
  @ApiErrors(400, UNKNOWN_FRAMEWORK)
  matrix(@Param('code') code: string, @Query() query: MatrixQueryDto): Promise<MatrixDto> {
    return this.overview.matrix(code, query);
  }

  @Get('frameworks/:code/matrix.csv')
  @ApiOp('getFrameworkMatrixCsv', 'The matrix as CSV (UTF-8): every statement the filters match')
  @FRAMEWORK
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'A header row, then one row per statement; two columns per member (value, date)',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiErrors(400, UNKNOWN_FRAMEWORK)
  async csv(
    @Param('code') code: string,
    @Query() query: MatrixExportQueryDto,
  ): Promise<StreamableFile> {
    const csv = matrixCsv(await this.overview.matrixExport(code, query));
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: attachment(code, 'csv'),
    });
  }

  @Get('frameworks/:code/matrix.xlsx')
  @ApiOp('getFrameworkMatrixXlsx', 'The matrix as an Excel workbook, header row and column frozen')
  @FRAMEWORK
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({
    description: 'The workbook (the CSV’s table, one sheet)',
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, UNKNOWN_FRAMEWORK)
  async xlsx(
    @Param('code') code: string,
    @Query() query: MatrixExportQueryDto,
  ): Promise<StreamableFile> {
    const matrix = await this.overview.matrixExport(code, query);
    return new StreamableFile(await matrixXlsx(matrix, this.clock.now()), {
      type: XLSX_TYPE,
      disposition: attachment(code, 'xlsx'),
    });
  }
}
