/** Legal-form words that do not distinguish one issuer from another (unlike e.g. "holdings"). */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'ltd',
  'limited',
  'plc',
  'lp',
  'llp',
  'sa',
  'ag',
  'nv',
  'bv',
  'se',
]);

/**
 * Key for matching issuers by name: 'Meta Platforms, Inc.' and 'META PLATFORMS INC' both give 'meta platforms'.
 * Dots and apostrophes vanish without a space, so 'Amazon.com' -> 'amazoncom' and 'S.A.' -> 'sa'.
 */
export function normalizeIssuerName(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[.'\u2019]/g, '')
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  while (words.length > 1 && words[0] === 'the') words.shift();
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

export function displayIssuerName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}
