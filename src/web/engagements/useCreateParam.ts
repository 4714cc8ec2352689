import { useEffect } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list page's create form opened from elsewhere (the command palette, the
 * `c` key): `?new=risk` in the URL runs `open` once and leaves the URL clean,
 * so going back or reloading does not open it again.
 */
export function useCreateParam(name: string, value: string, open: () => void) {
  const [params, setParams] = useSearchParams();
  const asked = params.get(name) === value;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the URL asks
  useEffect(() => {
    if (!asked) return;
    open();
    setParams(
      (p) => {
        p.delete(name);
        return p;
      },
      { replace: true },
    );
  }, [asked]);
}
