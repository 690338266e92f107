import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.decorators';
import { actorLabel } from '../workflow/workflow.runtime';
import { ImportFileDto } from './dto/import-file.dto';
import { ImportsService } from './imports.service';

// Its own path segment: POST /statements/import never reaches the /statements/:id routes.
@ApiTags('statements')
@ApiBearerAuth()
@Controller('statements')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Imports a statement adopted before adref was used; 409 already_imported on a repeat. */
  @Post('import')
  @Roles('admin')
  @HttpCode(201)
  @ApiBody({ type: ImportFileDto, description: 'An import file, format adref-import/1' })
  import(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.imports.importFile(body, { principal, label: actorLabel(principal) });
  }
}
