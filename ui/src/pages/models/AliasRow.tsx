import { useState } from 'react';
import { Link } from 'react-router';
import type { AliasResponse } from '../../api/types';
import { aliasName, chatModelOf, SOURCE_LABEL } from './aliasView';
import { DeleteApiModelDialog } from './DeleteApiModelDialog';

interface Props {
  alias: AliasResponse;
  canEdit: boolean;
}

export function AliasRow({ alias: a, canEdit }: Props) {
  const [confirming, setConfirming] = useState(false);
  const name = aliasName(a);
  const chatModel = chatModelOf(a);
  return (
    <tr>
      <td>
        {name} <span className={`badge source-${a.source}`}>{SOURCE_LABEL[a.source]}</span>
      </td>
      <td>{a.source === 'api' ? a.api_format : a.repo}</td>
      <td>{a.source === 'api' ? a.base_url : a.filename}</td>
      <td>{a.source === 'api' ? (a.prefix ?? '') : ''}</td>
      <td>{a.source === 'api' ? (a.forward_all_with_prefix ? 'Yes' : 'No') : ''}</td>
      <td className="actions">
        {chatModel && (
          <Link className="button small" to={`/chat?model=${encodeURIComponent(chatModel)}`}>
            Chat
          </Link>
        )}
        {canEdit && a.source === 'api' && (
          <>
            <Link
              className="button small"
              to={`/api-models/edit?id=${encodeURIComponent(a.id)}`}
              aria-label={`Edit ${name}`}
            >
              Edit
            </Link>
            <button
              type="button"
              className="button small danger"
              aria-label={`Delete ${name}`}
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
          </>
        )}
        {canEdit && a.source === 'user' && (
          <Link className="button small" to={`/models/edit?id=${encodeURIComponent(a.id)}`} aria-label={`Edit ${name}`}>
            Edit
          </Link>
        )}
        {confirming && a.source === 'api' && (
          <DeleteApiModelDialog id={a.id} name={name} onClose={() => setConfirming(false)} />
        )}
      </td>
    </tr>
  );
}
