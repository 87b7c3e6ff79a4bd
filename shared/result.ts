import type { WireError } from './errors';

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: WireError): Result<never> => ({ ok: false, error });
