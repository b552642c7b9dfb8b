import { escapeHtml } from './html.js';

/** Bidirectional controls (embeddings, overrides, isolates, marks): a name with U+202E would read backwards. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Longer names are cut where shown, the whole name on hover: a 300-character name would push a table off the screen. */
export const NAME_SHOWN_LENGTH = 80;

/** A name as people read it: without bidi controls, and cut with an ellipsis past NAME_SHOWN_LENGTH. */
export function shownName(name: string): { text: string; whole: string; cut: boolean } {
  const whole = name.replace(BIDI_CONTROLS, '');
  const cut = [...whole].length > NAME_SHOWN_LENGTH;
  return { text: cut ? `${[...whole].slice(0, NAME_SHOWN_LENGTH - 1).join('')}…` : whole, whole, cut };
}

/** For plain text (an email's text part). */
export function nameText(name: string): string {
  return shownName(name).text;
}

/** For HTML (reports, emails): isolated in <bdi>, so that no name turns the text around it, the whole name in `title` when cut. */
export function nameHtml(name: string): string {
  const { text, whole, cut } = shownName(name);
  return `<bdi${cut ? ` title="${escapeHtml(whole)}"` : ''}>${escapeHtml(text)}</bdi>`;
}
