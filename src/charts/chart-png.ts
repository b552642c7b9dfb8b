/**
 * The charts of an email as PNG images: Gmail and Outlook do not show inline SVG, every mail client
 * shows a PNG attached inline (cid:). Rendered with resvg on libuv's thread pool, so that the event
 * loop serves requests meanwhile.
 */
import { Logger } from '@nestjs/common';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

/** Twice the 640 px the email shows it at: sharp on high-density screens. */
export const CHART_PNG_WIDTH = 1280;

/** An opaque white background: a transparent PNG with dark text is unreadable in a mail client's dark mode. */
const OPTIONS: ResvgRenderOptions = { fitTo: { mode: 'width', value: CHART_PNG_WIDTH }, background: 'white', logLevel: 'off' };

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export async function chartPng(svg: string): Promise<Buffer> {
  await warnOnceWithoutFonts();
  return (await renderAsync(svg, OPTIONS)).asPng();
}

let fontsChecked: Promise<void> | null = null;

/**
 * resvg draws text with the system's fonts: on a host with none (a slim container) the charts come
 * out without their axes, legend and labels. Said once in the log, with the remedy.
 */
function warnOnceWithoutFonts(): Promise<void> {
  fontsChecked ??= renderAsync(
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><text x="2" y="20" font-size="20" font-family="Helvetica, Arial, sans-serif">M</text></svg>',
    { logLevel: 'off' },
  ).then(
    ({ pixels }) => {
      if (!pixels.some((byte, i) => i % 4 === 3 && byte > 0))
        new Logger('ChartPng').warn(
          'No font found for the email charts: their PNG images have no text. Install a sans-serif font (e.g. fonts-dejavu-core or fonts-liberation).',
        );
    },
    () => undefined,
  );
  return fontsChecked;
}
