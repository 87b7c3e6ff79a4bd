/**
 * A one-glance summary of an identity schema for the preset gallery: its traits and what Kratos
 * does with them (login identifiers, verification, recovery). Pure; reads only plain data.
 */
import { isRecord } from '../../../shared/json';


export interface SchemaOutline {
  /** Leaf traits by dotted path (`name.first`), in document order. */
  traits: string[];
  /** `password: email`, `code: phone`… one entry per credential type and trait. */
  identifiers: string[];
  verification: string[];
  recovery: string[];
}

const MAX_DEPTH = 16;

const describeExtension = (path: string, extension: Record<string, unknown>, out: SchemaOutline): void => {
  const credentials = extension['credentials'];
  if (isRecord(credentials)) {
    for (const [type, config] of Object.entries(credentials)) {
      if (isRecord(config) && config['identifier'] === true) out.identifiers.push(`${type}: ${path}`);
    }
  }
  for (const kind of ['verification', 'recovery'] as const) {
    const block = extension[kind];
    if (isRecord(block) && typeof block['via'] === 'string') out[kind].push(`${path} (${block['via']})`);
  }
};

const walk = (node: Record<string, unknown>, path: string, depth: number, out: SchemaOutline): void => {
  const properties = node['properties'];
  if (isRecord(properties) && depth < MAX_DEPTH) {
    for (const [name, child] of Object.entries(properties)) {
      if (isRecord(child)) walk(child, path ? `${path}.${name}` : name, depth + 1, out);
    }
    return;
  }
  if (!path) return;
  out.traits.push(path);
  const extension = node['ory.sh/kratos'];
  if (isRecord(extension)) describeExtension(path, extension, out);
};

export const outlineSchema = (body: unknown): SchemaOutline => {
  const out: SchemaOutline = { traits: [], identifiers: [], verification: [], recovery: [] };
  const properties = isRecord(body) ? body['properties'] : undefined;
  const traits = isRecord(properties) ? properties['traits'] : undefined;
  if (isRecord(traits)) walk(traits, '', 0, out);
  return out;
};

/** The schema's own `description`, as text, if it has a string one. */
export const schemaDescription = (body: unknown): string | null =>
  isRecord(body) && typeof body['description'] === 'string' && body['description'].trim() !== '' ? body['description'] : null;
