import { useQueries } from '@tanstack/react-query';
import type { SchemaSummary } from '../../../shared/domain/schema';
import { useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { outlineSchema, schemaDescription } from './schema-summary';
import { newUrl } from './schema-routes';
import { schemaDetailKey } from './use-schemas';

const listText = (items: readonly string[], none: string): string => (items.length === 0 ? none : items.join(', '));

/** Start a new schema from a preset (the bundled `schemas/*.schema.json`, seeded with source `preset`). */
export const PresetGallery = ({ presets }: { presets: readonly SchemaSummary[] }) => {
  const api = useApi();
  const details = useQueries({ queries: presets.map((p) => ({ queryKey: schemaDetailKey(p.id), queryFn: () => api.schemas.get(p.id) })) });
  return (
    <section className="se-gallery" aria-labelledby="se-gallery-title" data-testid="preset-gallery">
      <h2 id="se-gallery-title">Start a new schema</h2>
      <ul className="se-gallery-list">
        {presets.map((preset, i) => {
          const body = details[i]?.data?.body;
          const outline = body === undefined ? null : outlineSchema(body);
          const description = body === undefined ? null : schemaDescription(body);
          return (
            <li key={preset.id} className="se-card se-preset">
              <h3>{preset.title ?? preset.id}</h3>
              <p className="se-mono se-muted se-small">{preset.id}</p>
              {description ? <p className="se-small">{description}</p> : null}
              {outline ? (
                <dl className="se-outline">
                  <dt>Traits</dt>
                  <dd>{listText(outline.traits, 'none')}</dd>
                  <dt>Sign-in</dt>
                  <dd>{listText(outline.identifiers, 'no identifier')}</dd>
                  <dt>Verification</dt>
                  <dd>{listText(outline.verification, 'none')}</dd>
                  <dt>Recovery</dt>
                  <dd>{listText(outline.recovery, 'none')}</dd>
                </dl>
              ) : details[i]?.error ? (
                <p role="alert" className="se-error-text">
                  {details[i]?.error?.message}
                </p>
              ) : (
                <p className="se-muted se-small" aria-busy="true">
                  Reading the preset…
                </p>
              )}
              <button
                type="button"
                className="button-primary"
                onClick={() => navigate(newUrl(preset.id))}
                aria-label={`Start from ${preset.title ?? preset.id}`}
              >
                Start from this preset
              </button>
            </li>
          );
        })}
        <li className="se-card se-preset se-preset-blank">
          <h3>Blank schema</h3>
          <p className="se-small">
            An e-mail trait with a password identifier, verification and recovery: the smallest schema Kratos accepts that is safe.
          </p>
          <button type="button" onClick={() => navigate(newUrl(null))}>
            Start blank
          </button>
        </li>
      </ul>
    </section>
  );
};
