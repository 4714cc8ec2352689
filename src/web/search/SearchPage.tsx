import { Anchor, Badge, Card, Group, Highlight, Stack, Text, Title } from '@mantine/core';
import { IconSearch, IconSearchOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { get } from '../app/api';
import { keys } from '../app/keys';
import type { SearchHit, SearchResult } from '../app/types';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { HIT_KIND, hitHref } from './hits';

const hitLink = (h: SearchHit) => (h.type === 'engagement' ? `/engagements/${h.engagementId}` : hitHref(h));

export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const search = useQuery({
    queryKey: keys.search(q),
    queryFn: ({ signal }) => get<SearchResult>('/search', { q }, signal),
    enabled: q.length >= 2,
  });

  return (
    <>
      <PageHeader
        title={q ? `Search: ${q}` : 'Search'}
        description="Engagements, notes and outcomes you can read, across all your engagements."
      />
      {q.length < 2 ? (
        <EmptyHint icon={<IconSearch aria-hidden />} title="Type at least two characters">
          Use the search box at the top of the page.
        </EmptyHint>
      ) : search.isPending ? (
        <PageLoader label="Searching…" />
      ) : search.isError ? (
        <ErrorAlert error={search.error} onRetry={() => search.refetch()} />
      ) : search.data.hits.length === 0 ? (
        <EmptyHint icon={<IconSearchOff aria-hidden />} title="Nothing found">
          No engagement, note or outcome mentions “{q}”. Try a shorter or different word.
        </EmptyHint>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {search.data.hits.length} result{search.data.hits.length === 1 ? '' : 's'}
          </Text>
          <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {search.data.hits.map((h) => (
            <Card key={`${h.type}-${h.id}`} withBorder radius="md" padding="sm" component="li">
              <Stack gap={4}>
                <Group gap="xs" wrap="nowrap">
                  <Badge variant="light" radius="sm" color={h.type === 'note' ? 'grape' : h.type === 'outcome' ? 'teal' : 'indigo'}>
                    {HIT_KIND[h.type] ?? h.type}
                  </Badge>
                  <Title order={2} size="h5">
                    <Anchor component={Link} to={hitLink(h)}>
                      {h.title}
                    </Anchor>
                  </Title>
                </Group>
                {h.type !== 'engagement' && (
                  <Text size="xs" c="dimmed">
                    in {h.engagementName}
                  </Text>
                )}
                {h.snippet && (
                  <Highlight highlight={q} size="sm">
                    {h.snippet}
                  </Highlight>
                )}
              </Stack>
            </Card>
          ))}
          </Stack>
        </Stack>
      )}
    </>
  );
}
