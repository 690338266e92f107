import { ApiProperty } from '@nestjs/swagger';
import { StatementDto } from '../../statements/dto/statement-view.dto';

/** The imported statement, as GET /statements/{id} shows it, with the import's key. */
export class ImportedStatementDto extends StatementDto {
  @ApiProperty({ description: 'The import file’s importKey' }) importKey: string;
}
