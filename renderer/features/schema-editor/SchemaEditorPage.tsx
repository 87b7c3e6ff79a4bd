import { AppLink } from './AppLink';
import { messageOf } from '../../api/error-details';
import { BLANK_SCHEMA_TEXT } from './blank-schema';
import { editUrl, newUrl, SCHEMAS_PATH } from './schema-routes';
import { SchemaWorkbench } from './SchemaWorkbench';
import { useSchemaDetail } from './use-schemas';

type Props = { kind: 'edit'; id: string; base: string | null } | { kind: 'new'; from: string | null; base: string | null };

/** `/schemas/<id>` and `/schemas/new?from=<preset>`: loads the text, then hands it to the workbench. */
export const SchemaEditorPage = (props: Props) => {
  const sourceId = props.kind === 'edit' ? props.id : props.from;
  const source = useSchemaDetail(sourceId);
  if (sourceId !== null && source.isPending) return <p aria-busy="true">Opening {sourceId}…</p>;
  if (sourceId !== null && (source.error || !source.data)) {
    return (
      <div role="alert" className="panel error-panel">
        <h1>{props.kind === 'edit' ? `The schema ${sourceId} could not be opened` : `The preset ${sourceId} could not be opened`}</h1>
        <p>{source.error ? messageOf(source.error) : null}</p>
        <AppLink to={SCHEMAS_PATH}>Back to the schemas</AppLink>
      </div>
    );
  }
  if (props.kind === 'edit' && source.data) {
    const { id } = props;
    return (
      <SchemaWorkbench
        stored={source.data}
        initialText={source.data.text}
        basedOn={id}
        compareBase={props.base ?? id}
        selfUrl={(base) => editUrl(id, base)}
      />
    );
  }
  const from = props.kind === 'new' ? props.from : null;
  const selfUrl = (base: string | null) => newUrl(from, base);
  return (
    <SchemaWorkbench
      stored={null}
      initialText={source.data?.text ?? BLANK_SCHEMA_TEXT}
      basedOn={from}
      compareBase={props.base ?? from}
      selfUrl={selfUrl}
    />
  );
};
