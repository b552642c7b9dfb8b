import { useState } from 'preact/hooks';
import { post } from '../api';
import type { BreachDetail, SessionUser } from '../api-types';
import { Problem, type FieldLabels } from './common';
import { useAction } from '../hooks';

interface Props {
  breach: BreachDetail;
  user: SessionUser;
  onChange: (breach: BreachDetail) => void;
}

type Act = (done: string, action: string, body?: object) => Promise<boolean>;

const LABELS: FieldLabels = {
  comment: { label: 'Comment', hint: 'a few words of why, up to 4,000 characters' },
  text: { label: 'Comment', hint: 'a few words, up to 4,000 characters' },
  until: { label: 'Waive until', hint: 'a date from today, such as 2027-03-31' },
  reason: { label: 'Reason', hint: 'why the breach may stand until then' },
};

/** An officer's (or admin's) actions on a breach; a viewer sees none of them. */
export function BreachActions({ breach, user, onChange }: Props) {
  const [comment, setComment] = useState('');
  const [wholeProblem, setWholeProblem] = useState(true);
  const [done, setDone] = useState('');
  const { busy, error, run } = useAction();
  const act: Act = async (what, action, body) => {
    const updated = await run(() => post<BreachDetail>(`/api/breaches/${breach.id}/${action}`, body));
    if (updated) onChange(updated);
    setDone(updated ? what : '');
    return !!updated;
  };
  const withComment = async (what: string, action: string, body: object) => {
    if (await act(what, action, body)) setComment('');
  };
  return (
    <section aria-labelledby="actions" class="actions">
      <h2 id="actions">Actions</h2>
      <label class="field wide">
        <span>Comment</span>
        <textarea rows={2} value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
      </label>
      <label class="check">
        <input type="checkbox" checked={wholeProblem} onChange={(event) => setWholeProblem(event.currentTarget.checked)} />
        Acknowledge or waive today's breach and every scenario's of this problem together
      </label>
      <p class="buttons">
        {breach.status === 'OPEN' && (
          <button
            type="button"
            disabled={busy || !comment.trim()}
            onClick={() => withComment('Acknowledged', 'acknowledge', { comment, group: wholeProblem })}
          >
            Acknowledge
          </button>
        )}
        <button
          type="button"
          disabled={busy || !comment.trim()}
          onClick={() => withComment('Comment added', 'comments', { text: comment })}
        >
          Add comment
        </button>
      </p>
      {breach.waiverRequest ? (
        <WaiverDecision breach={breach} user={user} busy={busy} act={act} />
      ) : (
        breach.status !== 'RESOLVED' &&
        breach.status !== 'WAIVED' && (
          <WaiverRequest busy={busy} act={(what, action, body) => act(what, action, { ...body, group: wholeProblem })} />
        )
      )}
      <Problem error={error} labels={LABELS} />
      <p role="status">{done}</p>
    </section>
  );
}

function WaiverRequest({ busy, act }: { busy: boolean; act: Act }) {
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await act('Waiver requested: another officer or an admin approves it', 'waive', { until, reason })) setReason('');
  };
  return (
    <form class="waiver" onSubmit={submit}>
      <label class="field">
        <span>Waive until</span>
        <input
          type="date"
          required
          min={new Date().toISOString().slice(0, 10)}
          value={until}
          onInput={(e) => setUntil(e.currentTarget.value)}
        />
      </label>
      <label class="field wide">
        <span>Reason</span>
        <input type="text" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Request waiver
      </button>
    </form>
  );
}

/** Four eyes: the officer who asked for the waiver is not offered to approve it (the API refuses it too). */
function WaiverDecision({ breach, user, busy, act }: { breach: BreachDetail; user: SessionUser; busy: boolean; act: Act }) {
  const [why, setWhy] = useState('');
  const request = breach.waiverRequest!;
  const mine = request.requestedBy.email === user.email;
  return (
    <div class="waiver">
      <p>
        Waiver asked by {request.requestedBy.email} until {request.until}: {request.reason}
        {mine && '. Another officer or an admin approves it.'}
      </p>
      {!mine && (
        <button type="button" disabled={busy} onClick={() => act('Waiver approved', 'waiver/approve')}>
          Approve waiver
        </button>
      )}
      <label class="field wide">
        <span>Why reject</span>
        <input type="text" value={why} onInput={(e) => setWhy(e.currentTarget.value)} />
      </label>
      <button type="button" disabled={busy || !why.trim()} onClick={() => act('Waiver rejected', 'waiver/reject', { reason: why })}>
        Reject waiver
      </button>
    </div>
  );
}
