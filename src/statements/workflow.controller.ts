import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { describeMachine } from '../../workflows/describe.util';
import { Public } from '../common/auth.decorators';
import { ApiOp } from '../common/openapi.decorators';
import { MachineDescriptionDto } from './dto/machine-description.dto';
import {
  CURRENT_STATEMENT_MACHINE_VERSION,
  STATEMENT_MACHINE_VERSIONS,
  statementMachineVersion,
} from '../engine/machine-registry';

const describeVersion = (version: number) => ({
  version,
  ...describeMachine(statementMachineVersion(version)),
});

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowController {
  /** The statement lifecycle (states, events, a Mermaid diagram), from the machines themselves. */
  @Public()
  @Get('statement')
  @ApiOp('describeStatementWorkflow', 'The statement lifecycle: states, events, Mermaid diagram', {
    public: true,
  })
  @ApiOkResponse({ type: MachineDescriptionDto })
  statement() {
    return {
      ...describeVersion(CURRENT_STATEMENT_MACHINE_VERSION),
      versions: STATEMENT_MACHINE_VERSIONS.map(describeVersion),
    };
  }
}
