import { describe, expect, it } from 'vitest';
import { detectConfigFormat } from '../../../../renderer/features/schema-editor/config-format';

describe('the format of an imported Kratos config', () => {
  it('follows the user’s choice, then the file name, then the text', () => {
    expect(detectConfigFormat('json', 'identity: {}', 'kratos.yml')).toBe('json');
    expect(detectConfigFormat('auto', '{"identity":{}}', 'kratos.YAML')).toBe('yaml');
    expect(detectConfigFormat('auto', 'identity: {}', 'kratos.json')).toBe('json');
    expect(detectConfigFormat('auto', '  {"identity":{}}', null)).toBe('json');
    expect(detectConfigFormat('auto', 'identity:\n  schemas: []', null)).toBe('yaml');
  });
});
