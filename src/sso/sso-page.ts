import { escapeHtml } from '../shared/html.js';
import type { SsoRefusal } from './sso-refusal.js';

/**
 * The page a refused sign-in answers: plain HTML in the web page's style, no script (the
 * Content-Security-Policy allows none inline), a way back to the sign-in screen.
 */
export function refusalPage(refusal: SsoRefusal): string {
  const [first, ...rest] = refusal.paragraphs;
  const list = refusal.options.list?.length
    ? `<ul>${refusal.options.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(refusal.title)} - Exposure monitor</title>
    <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/assets/app.css" />
  </head>
  <body>
    <main class="sign-in">
      <p class="brand">Exposure monitor</p>
      <h1>${escapeHtml(refusal.title)}</h1>
      <p>${escapeHtml(first)}</p>
      ${list}
      ${rest.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n      ')}
      <p><a href="/">Back to the sign-in page</a></p>
    </main>
  </body>
</html>
`;
}
