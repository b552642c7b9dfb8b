import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import type { PortfolioPage, ScenarioPage } from './api-types';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** Shows an answer the page already has (e.g. the breach an action returned). */
  set(data: T): void;
  reload(): void;
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'The service cannot be reached');
}

interface Answer<T> {
  path: string | null;
  data?: T;
  error?: ApiError;
}

/** GET `path` (nothing while it is null); what an earlier path answered is never shown for this one. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<Answer<T>>({ path: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api<T>(path).then(
      (data) => live && setState({ path, data }),
      (err: unknown) => live && setState({ path, error: asApiError(err) }),
    );
    return () => {
      live = false;
    };
  }, [path, version]);
  const current: Answer<T> = state.path === path ? state : { path };
  return { data: current.data, error: current.error, set: (data) => setState({ path, data }), reload: () => setVersion((v) => v + 1) };
}

/** A change made by a button: busy while it runs, its refusal kept to be shown. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(undefined);
    try {
      return await work();
    } catch (err) {
      setError(asApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

export function usePortfolios(): Loaded<PortfolioPage> {
  return useApi('/api/portfolios?limit=1000');
}

export function useScenarios(): Loaded<ScenarioPage> {
  return useApi('/api/scenarios?limit=1000');
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} - Exposure monitor`;
  }, [title]);
}
