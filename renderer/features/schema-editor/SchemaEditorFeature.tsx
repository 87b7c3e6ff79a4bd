import { useLocation } from '../../app/router';
import { ComparePage } from './ComparePage';
import { parseSchemaRoute } from './schema-routes';
import { SchemaEditorPage } from './SchemaEditorPage';
import { SchemasPage } from './SchemasPage';
import './schema-editor.css';

/** Routes inside the feature: `/schemas`, `/schemas/<id>`, `/schemas/new?from=…`, `/schemas/compare?from=…&to=…`. */
export const SchemaEditorFeature = () => {
  const { path, search } = useLocation();
  const route = parseSchemaRoute(path, search);
  switch (route.kind) {
    case 'list':
      return <SchemasPage />;
    case 'compare':
      return <ComparePage from={route.from} to={route.to} />;
    case 'edit':
      // Keyed by id so moving between schemas never carries one's unsaved text to another.
      return <SchemaEditorPage key={`edit:${route.id}`} kind="edit" id={route.id} base={route.base} />;
    case 'new':
      return <SchemaEditorPage key={`new:${route.from ?? ''}`} kind="new" from={route.from} base={route.base} />;
  }
};
