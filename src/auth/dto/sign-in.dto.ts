import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class EmailLinkRequestDto {
  @ApiProperty({ example: 'focal.point@ocsc.go.th', maxLength: 254 })
  @MaxLength(254)
  @IsEmail()
  email: string;
}

export class EmailLinkAcceptedDto {
  @ApiProperty({
    description: 'The same whether or not the address belongs to an account.',
  })
  message: string;
}

export class SignInMethodsDto {
  @ApiProperty({ description: 'Links by email can be sent (SMTP is set up).' })
  emailLink: boolean;

  @ApiProperty({
    description: 'Sign-in with the government identity provider (ADREF_OIDC_* are set).',
  })
  oidc: boolean;
}
