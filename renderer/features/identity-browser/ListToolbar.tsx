import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { queryKeys, useApi } from '../../api/use-api';
import { useSearchDebounce } from '../../components/use-search-debounce';
import { displayTimeZone, EMPTY_QUERY, hasFilters, type ListQuery } from './list-query';

const SEARCH_DEBOUNCE_MS = 180;

/** A query of only 1-character tokens is answered from identifier and address prefixes (search-sql.ts): say so. */
const oneCharacterOnly = (text: string): boolean => {
  const tokens = text.trim().split(/\s+/).filter((t) => t.length > 0);
  return tokens.length > 0 && tokens.every((t) => [...t].length === 1);
};

interface Props {
  query: ListQuery;
  onChange: (patch: Partial<ListQuery>) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  onSearchArrowDown: () => void;
}

/** Search box (debounced into the URL) and the schema, state and date filters. */
export const ListToolbar = ({ query, onChange, searchRef, onSearchArrowDown }: Props) => {
  const api = useApi();
  const schemas = useQuery({ queryKey: queryKeys.schemas, queryFn: () => api.schemas.list() });
  const [text, setText] = useState(query.text);
  const lastSent = useRef(query.text);

  useSearchDebounce(text, SEARCH_DEBOUNCE_MS, (value) => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      onChange({ text: value });
    }
  });
  // Back/forward or "clear filters" change the URL under us: follow it.
  useEffect(() => {
    if (query.text !== lastSent.current) {
      lastSent.current = query.text;
      setText(query.text);
    }
  }, [query.text]);

  return (
    <div className="ib-toolbar" role="search">
      <input
        ref={searchRef}
        type="search"
        className="ib-search"
        aria-label="Search identities"
        placeholder="Search e-mail, name, id, metadata…  (press /)"
        value={text}
        maxLength={256}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            onSearchArrowDown();
          } else if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
          }
        }}
      />
      {oneCharacterOnly(query.text) ? (
        <span className="hint ib-search-hint" role="note" data-testid="one-character-hint">
          One character matches the start of identifiers and addresses only; type two or more to search everywhere.
        </span>
      ) : null}
      <label className="ib-filter">
        <span>Schema</span>
        {/* Named explicitly: a wrapping label's name would also carry every option's text. */}
        <select aria-label="Schema" value={query.schemaId} onChange={(e) => onChange({ schemaId: e.target.value })}>
          <option value="">All schemas</option>
          {(schemas.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.id}
            </option>
          ))}
          {query.schemaId && !schemas.data?.some((s) => s.id === query.schemaId) ? (
            <option value={query.schemaId}>{query.schemaId}</option>
          ) : null}
        </select>
      </label>
      <label className="ib-filter">
        <span>State</span>
        <select
          aria-label="State"
          value={query.state}
          onChange={(e) => onChange({ state: e.target.value === 'active' || e.target.value === 'inactive' ? e.target.value : '' })}
        >
          <option value="">Any state</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
      </label>
      <DateRange
        label="Created"
        from={query.createdFrom}
        to={query.createdTo}
        onChange={(createdFrom, createdTo) => onChange({ createdFrom, createdTo })}
      />
      <DateRange
        label="Updated"
        from={query.updatedFrom}
        to={query.updatedTo}
        onChange={(updatedFrom, updatedTo) => onChange({ updatedFrom, updatedTo })}
      />
      {hasFilters(query) ? (
        <button
          type="button"
          className="ib-clear"
          onClick={() => onChange({ ...EMPTY_QUERY, sort: query.sort, direction: query.direction })}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
};

const DateRange = ({
  label,
  from,
  to,
  onChange,
}: {
  label: string;
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
}) => (
  <fieldset className="ib-filter ib-dates">
    <legend title={`Days in ${displayTimeZone()}, the time zone of the table`}>
      {label} <span className="ib-muted">({displayTimeZone()})</span>
    </legend>
    <input type="date" aria-label={`${label} from`} value={from} max={to || undefined} onChange={(e) => onChange(e.target.value, to)} />
    <span aria-hidden="true">–</span>
    <input type="date" aria-label={`${label} to`} value={to} min={from || undefined} onChange={(e) => onChange(from, e.target.value)} />
  </fieldset>
);
