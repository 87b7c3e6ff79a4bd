import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ConnectionReport, RemoteKeyInput, RemoteKind, RemoteRecord } from '../../../shared/domain/sync';
import { messageOf } from '../../api/error-details';
import { queryKeys, useApi } from '../../api/use-api';
import { formatTimestamp } from '../identity-browser/identity-view';
import { connectionText, keyLabel } from './sync-view';

type KeySource = 'keep' | 'none' | 'env' | 'secret';

/**
 * Add, edit, test and remove remotes (issue 15 point 1). The key is a password input whose value goes to
 * the backend once, with the add or update call, and is dropped from this form's state right after; the
 * list only ever shows "key stored" / "no key" / the environment variable's name.
 */
export const RemotesPanel = ({ host }: { host: 'desktop' | 'web' | 'cli' | undefined }) => {
  const api = useApi();
  const remotes = useQuery({ queryKey: [...queryKeys.sync, 'remotes'], queryFn: () => api.sync.listRemotes() });
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<RemoteKind>('kratos');
  const canStore = host === 'desktop';
  const [source, setSource] = useState<KeySource>('none');
  const [variable, setVariable] = useState('');
  const [secret, setSecret] = useState('');
  // The remote being edited: the form then updates it instead of adding one.
  const [editing, setEditing] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionReport | { pending: true }>>({});
  const reset = () => {
    setEditing(null);
    setName('');
    setUrl('');
    setVariable('');
    setSource('none');
    setKind('kratos');
  };
  const save = useMutation({
    mutationFn: (key: RemoteKeyInput | undefined) =>
      editing === null
        ? api.sync.addRemote({ name: name.trim(), url: url.trim(), kind, key: key ?? { kind: 'none' } })
        : api.sync.updateRemote({ name: editing, url: url.trim(), kind, ...(key === undefined ? {} : { key }) }),
    onSuccess: reset,
  });
  const remove = useMutation({ mutationFn: (n: string) => api.sync.removeRemote(n) });
  const test = async (remote: string) => {
    setTests((t) => ({ ...t, [remote]: { pending: true } }));
    try {
      const report = await api.sync.testConnection({ remote });
      setTests((t) => ({ ...t, [remote]: report }));
    } catch (err) {
      setTests((t) => ({ ...t, [remote]: { ok: false, problem: 'rejected', status: null, message: messageOf(err) } }));
    }
  };
  // The form's values, tried before they are saved. A kept key cannot travel with a draft, so with
  // "keep" the saved remote itself is tested (the button is off once the URL differs from it).
  const draftKey = (): RemoteKeyInput | null =>
    source === 'keep' ? null : source === 'env' ? { kind: 'env', variable: variable.trim() } : source === 'secret' ? { kind: 'secret', value: secret } : { kind: 'none' };
  const testDraft = async () => {
    const label = name.trim() || 'draft';
    const key = draftKey();
    setTests((t) => ({ ...t, [label]: { pending: true } }));
    try {
      const report =
        key === null && editing !== null
          ? await api.sync.testConnection({ remote: editing })
          : await api.sync.testConnection({ name: label, url: url.trim(), kind, key: key ?? { kind: 'none' } });
      setTests((t) => ({ ...t, [label]: report }));
    } catch (err) {
      setTests((t) => ({ ...t, [label]: { ok: false, problem: 'rejected', status: null, message: messageOf(err) } }));
    }
  };
  const edit = (r: RemoteRecord) => {
    setEditing(r.name);
    setName(r.name);
    setUrl(r.url);
    setKind(r.kind);
    setSource('keep');
    setSecret('');
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const key = draftKey() ?? undefined;
    // The key leaves this component with the call; nothing here keeps it.
    setSecret('');
    save.mutate(key);
  };

  return (
    <section className="sy-panel" aria-labelledby="sy-remotes-title">
      <h2 id="sy-remotes-title">Remotes</h2>
      {remotes.data && remotes.data.length > 0 ? (
        <table data-testid="remotes-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Admin URL</th>
              <th scope="col">Kind</th>
              <th scope="col">Key</th>
              <th scope="col">Identities</th>
              <th scope="col">Last pull</th>
              <th scope="col">Last push</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {remotes.data.map((r) => (
              <tr key={r.name} data-remote={r.name}>
                <td>{r.name}</td>
                <td>
                  <code>{r.url}</code>
                </td>
                <td>{r.kind}</td>
                <td data-testid="remote-key">{keyLabel(r.key)}</td>
                <td>{r.identities.toLocaleString()}</td>
                <td>{formatTimestamp(r.lastPullAt ?? undefined)}</td>
                <td>{formatTimestamp(r.lastPushAt ?? undefined)}</td>
                <td className="sy-actions">
                  <button type="button" onClick={() => void test(r.name)} aria-label={`Test connection to ${r.name}`}>
                    Test connection
                  </button>
                  <button type="button" onClick={() => edit(r)} aria-label={`Edit remote ${r.name}`}>
                    Edit
                  </button>
                  <button type="button" onClick={() => remove.mutate(r.name)} disabled={remove.isPending} aria-label={`Remove remote ${r.name}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="ib-muted">No remote yet. Add the admin API of a Kratos (self-hosted) or an Ory Network project.</p>
      )}
      {Object.entries(tests).map(([remote, report]) => (
        <p key={remote} role="status" data-testid="connection-report" data-remote={remote} className={'pending' in report ? 'ib-muted' : report.ok ? 'sy-ok' : 'sy-bad'}>
          <strong>{remote}:</strong> {'pending' in report ? 'testing the connection…' : connectionText(report)}
        </p>
      ))}
      {remove.error ? <p role="alert">{messageOf(remove.error)}</p> : null}
      <form className="sy-form" onSubmit={submit} aria-label={editing === null ? 'Add a remote' : `Edit remote ${editing}`}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} placeholder="prod" readOnly={editing !== null} />
        </label>
        <label>
          Admin URL
          <input value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://kratos-admin.example.com" />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as RemoteKind)}>
            <option value="kratos">Kratos (self-hosted)</option>
            <option value="ory-network">Ory Network</option>
          </select>
        </label>
        <label>
          Key
          <select value={source} onChange={(e) => setSource(e.target.value as KeySource)}>
            {editing !== null ? <option value="keep">Keep the current key</option> : null}
            <option value="none">No key</option>
            <option value="env">Environment variable</option>
            {canStore ? <option value="secret">Key (kept in the OS keystore)</option> : null}
          </select>
        </label>
        {source === 'env' ? (
          <label>
            Variable name
            <input value={variable} onChange={(e) => setVariable(e.target.value)} required placeholder="ORY_API_KEY" />
          </label>
        ) : null}
        {source === 'secret' ? (
          <label>
            API key
            <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} required />
          </label>
        ) : null}
        {!canStore ? <p className="ib-muted sy-hint">This host has no OS keystore: the web host reads the key from an environment variable of its own process, named here.</p> : null}
        <button type="submit" disabled={save.isPending}>
          {editing === null ? 'Add remote' : 'Save remote'}
        </button>
        <button
          type="button"
          onClick={() => void testDraft()}
          disabled={url.trim() === '' || (editing !== null && source === 'keep' && url.trim() !== (remotes.data?.find((r) => r.name === editing)?.url ?? ''))}
          title={editing !== null && source === 'keep' ? 'With the current key, the saved URL is tested: save a new URL first, or give the key again.' : 'Tries these values without saving them'}
        >
          Test these settings
        </button>
        {editing !== null ? (
          <button type="button" onClick={reset}>
            Cancel edit
          </button>
        ) : null}
      </form>
      {save.error ? <p role="alert">{messageOf(save.error)}</p> : null}
    </section>
  );
};
