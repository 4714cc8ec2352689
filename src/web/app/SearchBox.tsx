import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

/** Global search: submits to the search page, which queries across my engagements. */
export function SearchBox({ onDone }: { onDone?: () => void }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === '/search' ? (params.get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);

  return (
    <search aria-label="Search Candor">
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const term = q.trim();
        if (term.length === 0) return;
        navigate(`/search?q=${encodeURIComponent(term)}`);
        onDone?.();
      }}
    >
      <TextInput
        type="search"
        aria-label="Search engagements, notes and outcomes"
        placeholder="Search…"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        leftSection={<IconSearch size={16} aria-hidden />}
        w={{ base: '100%', sm: 260, md: 320 }}
      />
    </form>
    </search>
  );
}
