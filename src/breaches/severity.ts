/** How bad a breach is: a warning comes before the limit is crossed. Plain values, for DTOs and other features alike. */
export const SEVERITIES = ['WARNING', 'BREACH'] as const;
export type Severity = (typeof SEVERITIES)[number];
