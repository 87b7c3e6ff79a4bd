import { useEffect, useMemo, useState } from 'react';
import type { Identity } from '../../../shared/domain/identity';
import type { ValidationIssue } from '../../../shared/errors';
import { FormFrame } from '../../components/FormFrame';
import { DerivedPanel } from './DerivedPanel';
import { editFormOf, issuesToFieldErrors, traitsFormSchema } from './identity-view';
import { MetadataEditor } from './MetadataEditor';
import { useLiveValidation } from './use-live-validation';

export interface EditorDraft {
  traits: unknown;
  metadataPublic: string;
  metadataAdmin: string;
}

interface Props {
  title: string;
  schemaText: string;
  schemaBody: unknown;
  draft: EditorDraft;
  resetKey: string;
  onDraft: (patch: Partial<EditorDraft>) => void;
  /** From the last write (VALIDATION_FAILED details); shown until the traits change. */
  writeIssues: readonly ValidationIssue[];
  stored?: Identity;
  onSave: () => void;
  onEscape: () => void;
  /** A new, empty form should not greet the user with "missing properties": wait for the first edit. */
  quietUntilEdited?: boolean;
}

const sameIssue = (a: ValidationIssue, b: ValidationIssue) => a.pointer === b.pointer && a.message === b.message;

/**
 * The traits form (sandboxed rjsf), the backend's verdict on its fields, what Kratos derives, and
 * the two metadata editors: shared by the detail and create screens.
 */
export const IdentityEditor = (props: Props) => {
  const { title, schemaText, schemaBody, draft, resetKey, onDraft, writeIssues, stored, onSave, onEscape, quietUntilEdited = false } = props;
  // A stored identity's form shows schema defaults as hints and never fills them in (issue 16 §4); a new one gets them.
  const form = useMemo(() => {
    const schema = traitsFormSchema(schemaBody);
    return stored === undefined ? { schema, uiSchema: undefined } : editFormOf(schema);
  }, [schemaBody, stored === undefined]);
  const live = useLiveValidation(schemaText, draft.traits);
  const [edited, setEdited] = useState(false);
  useEffect(() => setEdited(false), [resetKey]);
  const showLive = edited || !quietUntilEdited;
  const issues = useMemo(() => {
    const all = [...writeIssues];
    for (const issue of showLive ? (live.result?.errors ?? []) : []) if (!all.some((i) => sameIssue(i, issue))) all.push(issue);
    return issuesToFieldErrors(all);
  }, [writeIssues, live.result, showLive]);
  return (
    <div className="ib-editor">
      <div className="ib-editor-main">
        <section className="ib-card" aria-labelledby="ib-traits-title">
          <h2 id="ib-traits-title">Traits</h2>
          {issues.other.length > 0 ? (
            <ul className="ib-issues" role="alert">
              {issues.other.map((i) => (
                <li key={`${i.pointer}:${i.message}`}>
                  <span className="ib-mono">{i.pointer}</span> {i.message}
                </li>
              ))}
            </ul>
          ) : null}
          <FormFrame
            title={title}
            schema={form.schema}
            {...(form.uiSchema === undefined ? {} : { uiSchema: form.uiSchema })}
            formData={draft.traits}
            resetKey={resetKey}
            extraErrors={issues.fields}
            onChange={(traits) => {
              setEdited(true);
              onDraft({ traits });
            }}
            onSave={onSave}
            onEscape={onEscape}
          />
        </section>
        <section className="ib-card" aria-labelledby="ib-metadata-title">
          <h2 id="ib-metadata-title">Metadata</h2>
          <div className="ib-metadata-grid">
            <MetadataEditor kind="public" value={draft.metadataPublic} onChange={(metadataPublic) => onDraft({ metadataPublic })} />
            <MetadataEditor kind="admin" value={draft.metadataAdmin} onChange={(metadataAdmin) => onDraft({ metadataAdmin })} />
          </div>
        </section>
      </div>
      <DerivedPanel derived={live.result} stored={stored} pending={live.pending} />
    </div>
  );
};
