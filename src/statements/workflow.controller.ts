import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { describeMachine } from '../../workflows/describe.util';
import { Public } from '../common/auth.decorators';
import { ApiOp } from '../common/openapi.decorators';
import { MachineDescriptionDto } from './dto/machine-description.dto';
import {
  CURRENT_STATEMENT_MACHINE_VERSION,
  statementMachineVersion,
} from '../engine/machine-registry';

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowController {
  /** The statement lifecycle: states, events and a Mermaid diagram, from the machine itself. */
  @Public()
  @Get('statement')
  @ApiOp('describeStatementWorkflow', 'The statement lifecycle: states, events, Mermaid diagram', {
    public: true,
  })
  @ApiOkResponse({ type: MachineDescriptionDto })
  statement() {
    return {
      version: CURRENT_STATEMENT_MACHINE_VERSION,
      ...describeMachine(statementMachineVersion(CURRENT_STATEMENT_MACHINE_VERSION)),
    };
  }
}
