import type { ComponentChildren } from 'preact';
import { shownName } from '@shared/names';
import type { ApiError } from '../api';
import type { FieldProblem } from '../api-types';
import { money, words } from '../format';
import { Link } from '../router';

/** A form's fields as its reader knows them: the label it shows, and how to write a valid value. */
export type FieldLabels = Record<string, { label: string; hint: string }>;

/**
 * The API's refusal; a refused field in the form's own words ("Amount: a number such as 50000000"),
 * never its path in the request (`trades.0.marketValue`).
 */
export function Problem({ error, labels = {} }: { error: ApiError | undefined; labels?: FieldLabels }) {
  if (!error) return null;
  const lines = error.fields.length ? error.fields.map((f) => fieldText(f, labels)) : [error.message];
  return (
    <p role="alert" class="problem">
      {[...new Set(lines)].join(' ')}
    </p>
  );
}

function fieldText({ field, message }: FieldProblem, labels: FieldLabels): string {
  const name = field.split('.').at(-1)!;
  // The API's message starts with the field's own name: "marketValue must be ...".
  const rule = message.startsWith(`${name} `) ? message.slice(name.length + 1) : message;
  const known = labels[field];
  return known ? `${known.label}: ${known.hint} (it ${rule}).` : `${words(name.replace(/([a-z])([A-Z])/g, '$1_$2'))} ${rule}.`;
}

/** An amount with its currency, kept on one line: "EUR 25,000,000.00" never breaks after its code. */
export function Money({ amount, currency }: { amount: number; currency: string }) {
  return <span class="money">{money(amount, currency)}</span>;
}

/** A page's data: its refusal, "Loading" until it arrives, then the page. */
export function Loading<T>({ data, error, children }: { data: T | undefined; error?: ApiError; children: (data: T) => ComponentChildren }) {
  if (error) return <Problem error={error} />;
  if (data === undefined) return <p class="muted">Loading…</p>;
  return <>{children(data)}</>;
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled select whose options carry the API's codes as values; `any` adds an empty first option. */
export function Select(props: { label: string; value: string; options: Option[]; any?: string; onChange: (value: string) => void }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.any !== undefined && <option value="">{props.any}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function codes(values: string[]): Option[] {
  return values.map((value) => ({ value, label: value }));
}

/** Previous and next pages of a list whose offset lives in the URL. */
export function Pager({ total, offset, limit, href }: { total: number; offset: number; limit: number; href: (offset: number) => string }) {
  if (total <= limit) return null;
  return (
    <nav aria-label="Pages" class="pager">
      {offset > 0 && <Link href={href(Math.max(0, offset - limit))}>Previous</Link>}
      <span>
        {offset + 1}-{Math.min(offset + limit, total)} of {total}
      </span>
      {offset + limit < total && <Link href={href(offset + limit)}>Next</Link>}
    </nav>
  );
}

/** A table's column headers, named as the contract names them. */
export function ColumnHeaders({ names }: { names: string[] }) {
  return (
    <thead>
      <tr>
        {names.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A name without its bidi controls (U+202E would turn it around), e.g. for an accessible name. */
export function plainName(name: string): string {
  return shownName(name).whole;
}

/** A name from a file or a form, shown as in reports and emails: isolated from the text around it, long ones cut with the whole name on hover. */
export function Name({ name }: { name: string }) {
  const { text, whole, cut } = shownName(name);
  return <bdi title={cut ? whole : undefined}>{text}</bdi>;
}
