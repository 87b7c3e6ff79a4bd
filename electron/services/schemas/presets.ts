/**
 * The bundled preset schemas (design §6). Imported statically so that the Electron bundle carries
 * them and no path on disk is needed at runtime; `schemas/*.schema.json` is the single source.
 */
import admin from '../../../schemas/admin.schema.json' with { type: 'json' };
import company from '../../../schemas/company.schema.json' with { type: 'json' };
import customer from '../../../schemas/customer.schema.json' with { type: 'json' };
import emailNameNewsletter from '../../../schemas/email-name-newsletter.schema.json' with { type: 'json' };
import emailPassword from '../../../schemas/email-password.schema.json' with { type: 'json' };
import usernamePassword from '../../../schemas/username-password.schema.json' with { type: 'json' };

export interface Preset {
  /** The schema id in the store, equal to the file name without `.schema.json`. */
  id: string;
  body: Record<string, unknown>;
}

export const PRESETS: readonly Preset[] = [
  { id: 'email-password', body: emailPassword },
  { id: 'username-password', body: usernamePassword },
  { id: 'email-name-newsletter', body: emailNameNewsletter },
  { id: 'customer', body: customer },
  { id: 'company', body: company },
  { id: 'admin', body: admin },
];

/**
 * The default for a fresh store: e-mail + password is Kratos's own quickstart shape, and it has
 * verification and recovery, so new identities get the safe behaviour unless someone opts out.
 */
export const DEFAULT_PRESET_ID = 'email-password';

/** Presets are stored as pretty JSON text; the text is what export encodes. */
export const presetText = (preset: Preset): string => `${JSON.stringify(preset.body, null, 2)}\n`;
