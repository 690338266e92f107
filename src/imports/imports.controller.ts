import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import type { Principal } from '../common/auth.decorators';
import { ApiErrors, ApiOp, ApiSignedIn, WRITE_ERRORS } from '../common/openapi.decorators';
import { actorLabel } from '../engine/workflow.runtime';
import { ImportedStatementDto } from './dto/imported-statement.dto';
import { ImportFileDto } from './dto/import-file.dto';
import { ImportsService } from './imports.service';

// Its own path segment: POST /statements/import never reaches the /statements/:id routes.
@ApiTags('statements')
@ApiSignedIn()
@Controller('statements')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Imports a statement adopted before adref was used; 409 already_imported on a repeat. */
  @Post('import')
  @Roles('admin')
  @HttpCode(201)
  @ApiOp('importStatement', 'Imports a statement adopted before adref was used (admin)', {
    description:
      'Imports a statement adopted before adref was used (admin); 409 already_imported on a repeat, 422 import_refused when the procedure refuses an event.',
  })
  @ApiBody({ type: ImportFileDto, description: 'An import file, format adref-import/1' })
  @ApiCreatedResponse({ type: ImportedStatementDto })
  @ApiErrors(...WRITE_ERRORS, 404, 409, 422)
  import(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.imports.importFile(body, { principal, label: actorLabel(principal) });
  }
}
