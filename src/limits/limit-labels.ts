/** A limit as alerts, breaches and reports name it (see LimitsService.labels). */
export interface LimitLabel {
  id: number;
  name: string;
  source: string | null;
}
