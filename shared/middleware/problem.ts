import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorKind, FieldIssue } from '#shared/domain/errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const statusOfKind = (kind: ErrorKind): number => STATUS_BY_KIND[kind];

export interface ProblemInput {
  status: number;
  detail: string;
  correlationId: string;
  errors?: FieldIssue[] | undefined;
  headers?: Record<string, string>;
}

/** An RFC 9457 problem details response. `type` is a stable, documented slug per status. */
export const problemResponse = ({ status, detail, correlationId, errors, headers }: ProblemInput): APIGatewayProxyStructuredResultV2 => {
  const title = TITLE_BY_STATUS[status] ?? 'Error';
  const body = {
    type: `https://orderly.dev/problems/${title.toLowerCase().replaceAll(' ', '-')}`,
    title,
    status,
    detail,
    correlationId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
    body: JSON.stringify(body),
  };
};
