const LONGEST = 2000;

/**
 * Where to land after signing in: a path of this service (a digest's `/breaches/12` link opened
 * while signed out), never another site. Nothing given is `/`; anything but a plain path of this
 * service's origin (`https://elsewhere`, `//elsewhere`, `/\elsewhere`, `javascript:`...) is null.
 */
export function returnPath(value: unknown, publicUrl: string): string | null {
  if (value === undefined || value === '') return '/';
  if (typeof value !== 'string' || value.length > LONGEST) return null;
  // Browsers read a backslash as a slash and drop tabs and newlines: "/\evil.example" is "//evil.example".
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\s\u0000-\u001f\u007f]/.test(value)) return null;
  const base = new URL(publicUrl);
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  return url.origin === base.origin ? `${url.pathname}${url.search}` : null;
}
