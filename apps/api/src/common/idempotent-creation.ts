import { Type, applyDecorators } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader } from '@nestjs/swagger';
import { ApiErrorResponses } from './api-error';

/**
 * A POST that creates something once per Idempotency-Key (a registration, a campaign): the required
 * header, the 201 view, and the refusals such a creation may answer. Listed in the order stacked
 * decorators would apply, so the OpenAPI document reads as before.
 */
export function IdempotentCreation(options: { retryCreates: string; created: Type<unknown> }) {
  return applyDecorators(
    ApiErrorResponses(400, 403, 409),
    ApiCreatedResponse({ type: options.created }),
    ApiHeader({
      name: 'idempotency-key',
      required: true,
      description: `a retry with the same key ${options.retryCreates}`,
    }),
  );
}
