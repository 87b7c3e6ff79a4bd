import { navigate } from '../../app/router';
import type { ConflictInfo } from '../../api/error-details';

/** Names the field, the value and the identity that already holds it, with a link to that identity. */
export const ConflictNotice = ({ conflict }: { conflict: ConflictInfo }) => {
  const href = `/identities/${encodeURIComponent(conflict.identityId)}`;
  return (
    <div role="alert" className="panel error-panel ib-conflict" data-testid="conflict-notice">
      <strong>Another identity already uses this value.</strong>
      <p>
        The field <code data-testid="conflict-pointer">{conflict.pointer}</code>
        {conflict.type ? ` (${conflict.type})` : ''} with “<span className="ib-mono">{conflict.value}</span>” clashes with identity{' '}
        <a
          href={href}
          data-testid="conflict-link"
          onClick={(e) => {
            e.preventDefault();
            navigate(href);
          }}
        >
          {conflict.identityId}
        </a>
        . Identifiers and addresses are compared case-insensitively, as Kratos does.
      </p>
    </div>
  );
};
