import type { SchemaSource } from '../../../shared/domain/schema';

/** Where a schema came from, in the user's words (design §6). */
export const SOURCE_LABEL: Record<SchemaSource, string> = {
  preset: 'Preset',
  config: 'Config import',
  remote: 'Remote',
  user: 'Created here',
};

const countFormat = new Intl.NumberFormat();

export const identitiesText = (n: number): string => `${countFormat.format(n)} ${n === 1 ? 'identity' : 'identities'}`;

export const formatCount = (n: number): string => countFormat.format(n);
