import { ApiProperty } from '@nestjs/swagger';

export class LiveTokenResponseDto {
  @ApiProperty({
    example: '1764408000.3f2a9c1b7d4e.kq0...',
    description: 'Pass as `?access_token=` when opening a stream. Empty when API_KEYS is unset: streams then need none.',
  })
  token!: string;

  @ApiProperty({ format: 'date-time', description: 'A stream must be opened before this; an open stream is not cut when it passes.' })
  expiresAt!: string;
}
