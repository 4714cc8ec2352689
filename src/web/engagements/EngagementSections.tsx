import { Badge, NavLink, Skeleton, Text, VisuallyHidden } from '@mantine/core';
import { HoverTip } from '../components/HoverTip';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useEngagement } from './api';
import { useEngagementCounts } from './navigation-api';
import { can } from '../../domain/authz/policy';
import { locate, pageHref, SECTIONS, showsPage } from './sections';
import classes from './EngagementSections.module.css';

/**
 * The engagement's sections and their pages, in the app's side navigation (a
 * drawer on phones): every page one click away on a desktop, two on a phone.
 * Counts come from GET /engagements/:id/counts, which counts only what this
 * role may see.
 */
export function EngagementSections({ engagementId, pathname }: { engagementId: string; pathname: string }) {
  const engagement = useEngagement(engagementId);
  const counts = useEngagementCounts(engagement.data ? engagementId : null);
  const here = locate(pathname);
  if (engagement.isPending) return <Skeleton height={200} mx="sm" aria-hidden />;
  if (engagement.isError) return null;
  const e = engagement.data;

  return (
    <nav aria-label="Engagement sections" className={classes.nav}>
      <NavLink component={Link} to="/engagements" label="All engagements" leftSection={<IconArrowLeft size={16} aria-hidden />} className={classes.back} />
      <Text className={classes.name} title={e.name} id="engagement-sections-name">
        {e.name}
      </Text>
      {SECTIONS.map((s) => (
        // biome-ignore lint/a11y/useSemanticElements: a labelled group of links, not form controls (fieldset is for those)
        <div key={s.key} role="group" aria-labelledby={`section-${s.key}`} className={classes.section}>
          <Text id={`section-${s.key}`} className={classes.sectionLabel}>
            {s.label}
          </Text>
          {s.pages.filter((p) => showsPage(p, (action) => can(e.myRole, action))).map((p) => {
            const href = pageHref(e.id, p.path);
            const active = here?.page.key === p.key;
            const n = p.count && counts.data ? counts.data[p.count.key] : 0;
            return (
              <NavLink
                key={p.key}
                component={Link}
                to={href}
                label={
                  <>
                    {p.label}
                    {p.count && n > 0 && <VisuallyHidden>, {p.count.say(n)}</VisuallyHidden>}
                  </>
                }
                leftSection={<p.icon size={16} aria-hidden />}
                rightSection={
                  p.count && n > 0 ? (
                    <HoverTip label={p.count.say(n)} withArrow openDelay={300}>
                      <Badge size="sm" variant="filled" color={p.count.color} circle={n < 10} aria-hidden>
                        {n > 99 ? '99+' : n}
                      </Badge>
                    </HoverTip>
                  ) : undefined
                }
                active={active}
                aria-current={active && !here?.detail ? 'page' : undefined}
                className={classes.link}
              />
            );
          })}
        </div>
      ))}
    </nav>
  );
}
