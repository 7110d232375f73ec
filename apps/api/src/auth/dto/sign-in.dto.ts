import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'x-registrar' })
  @IsString()
  @Length(1, 100)
  userId!: string;

  @ApiProperty({ example: 'x-registrar-demo', description: "npm start prints the demo users' passwords" })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'the refresh token from the last sign-in or refresh; each is good once' })
  @IsString()
  @Length(1, 200)
  refreshToken!: string;
}

export class SignedInUserView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiProperty() unitId!: string;
}

export class SignedInUnitView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['petitionOffice', 'functionalDepartment', 'discipline'] }) kind!: string;
  @ApiProperty({ enum: ['province', 'city', 'county', 'township'] }) level!: string;
}

export class CurrentUserView extends SignedInUserView {
  @ApiProperty({ type: SignedInUnitView, description: 'the unit the user acts for' }) unit!: SignedInUnitView;
}

export class TokensView {
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'send as Authorization: Bearer <accessToken>' }) accessToken!: string;
  @ApiProperty({ description: 'seconds the access token is valid' }) expiresIn!: number;
  @ApiProperty({ description: 'single-use: POST /auth/refresh returns a new one' }) refreshToken!: string;
  @ApiProperty() refreshExpiresIn!: number;
  @ApiProperty({ type: SignedInUserView }) user!: SignedInUserView;
}
