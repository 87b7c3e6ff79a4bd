/** ory/herodot error bodies (reference §4.7): `{"error":{code,status,reason?,message,...}}`. */
export interface HerodotError {
  code: number;
  status: string;
  message: string;
  reason?: string;
  id?: string;
  details?: Record<string, never>;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const DEFAULT_MESSAGE: Record<number, string> = {
  400: 'The request was malformed or contained invalid parameters',
  401: 'The request could not be authorized',
  404: 'The requested resource could not be found',
  405: 'The requested method is not allowed on this resource',
  409: 'The resource could not be created due to a conflict',
  429: 'Too many requests',
  500: 'An internal server error occurred, please contact the system administrator',
  502: 'Bad gateway',
  503: 'The service is unavailable',
  504: 'The gateway timed out',
};

/** A Kratos answer that is not a success; thrown by the operations, turned into a response by the server. */
export class KratosError extends Error {
  constructor(readonly body: HerodotError) {
    super(body.reason ?? body.message);
  }
  get status(): number {
    return this.body.code;
  }
}

export const herodot = (code: number, parts: { message?: string; reason?: string; id?: string } = {}): KratosError => {
  const body: HerodotError = {
    code,
    status: STATUS_TEXT[code] ?? 'Error',
    message: parts.message ?? DEFAULT_MESSAGE[code] ?? 'Error',
  };
  if (parts.reason !== undefined) body.reason = parts.reason;
  if (parts.id !== undefined) body.id = parts.id;
  return new KratosError(body);
};

/** 400 whose text Kratos puts in `message` (decoder and JSON Patch errors, `herodot.ErrBadRequest.WithError`). */
export const badRequestMessage = (message: string): KratosError => herodot(400, { message });
/** 400 whose detail Kratos puts in `reason` (validation, filters, limits). */
export const badRequestReason = (reason: string): KratosError => herodot(400, { reason });

export const notFound = (): KratosError => herodot(404, { message: 'Unable to locate the resource' });

export const createConflict = (): KratosError =>
  herodot(409, {
    reason: 'This identity conflicts with another identity that already exists.',
    message: 'The resource could not be created due to a conflict',
  });

/** PUT/PATCH clashes come from the database layer (oryx sqlcon ErrUniqueViolation): message only. */
export const updateConflict = (): KratosError =>
  herodot(409, { message: 'Unable to insert or update resource because a resource with that value exists already' });

/** CockroachDB's retryable serialization failure, as Kratos relays it (design §8: retryable). */
export const serializeAccess = (): KratosError =>
  herodot(400, { message: 'Unable to serialize access due to a concurrent update in another session.' });
