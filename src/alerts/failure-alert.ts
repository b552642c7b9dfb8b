import { escapeHtml } from '../shared/html.js';

/** A portfolio a run could not evaluate: left out of the run, the others evaluated. */
export interface PortfolioFailure {
  portfolio: string;
  /** What went wrong, in a sentence a risk officer can act on */
  message: string;
  /** The log line with the cause */
  errorId: string;
}

/** The email to the admins: which portfolios a run left out, why, and where to look. */
export function failureAlert(runId: number, failures: PortfolioFailure[], publicUrl: string) {
  const runLink = `${publicUrl}/api/evaluations/${runId}`;
  const codes = failures.map((f) => f.portfolio).join(', ');
  const subject = `[Exposure monitor] Run ${runId} could not evaluate ${codes}`;
  const intro = `Run ${runId} left out ${failures.length === 1 ? 'this portfolio' : 'these portfolios'}: no breach of ${failures.length === 1 ? 'it' : 'them'} was checked, opened or resolved, and nobody was alerted about ${failures.length === 1 ? 'it' : 'them'}.`;
  const text = [intro, '', ...failures.map((f) => `${f.portfolio}: ${f.message} (errorId ${f.errorId})`), '', `The run: ${runLink}`].join(
    '\n',
  );
  const items = failures
    .map((f) => `<li><b><bdi>${escapeHtml(f.portfolio)}</bdi></b>: ${escapeHtml(f.message)} (errorId <code>${f.errorId}</code>)</li>`)
    .join('');
  const html = `<html><body style="font-family:sans-serif"><h2>${escapeHtml(subject)}</h2><p>${escapeHtml(intro)}</p><ul>${items}</ul><p><a href="${escapeHtml(runLink)}">The run</a></p></body></html>`;
  return { subject, text, html };
}
