import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { createContext, useContext, useEffect } from 'react';
import { Link } from 'react-router';
import { type Located, pageHref } from './sections';
import classes from './Crumbs.module.css';

/** Lets a detail page name its object (the last crumb, the tab title) once it has loaded. */
export const DetailTitleContext = createContext<((path: string, title: string | null) => void) | null>(null);

/**
 * Names the object of a detail page ("D-7 Carrier F in scope?") in its
 * breadcrumb and the browser tab. Call with undefined while it loads.
 */
export function useDetailTitle(title: string | null | undefined) {
  const set = useContext(DetailTitleContext);
  useEffect(() => {
    if (!set) return;
    const path = window.location.pathname;
    set(path, title ?? null);
    return () => set(path, null);
  }, [set, title]);
}

/** Section › page › object, from the sections module; the last one is where I am. */
export function EngagementCrumbs({ engagementId, here, detailTitle }: { engagementId: string; here: Located; detailTitle: string | null }) {
  const { section, page, detail } = here;
  const first = section.pages[0]!;
  const items = [
    <Anchor key="s" component={Link} to={pageHref(engagementId, first.path)} size="sm">
      {section.label}
    </Anchor>,
    detail ? (
      <Anchor key="p" component={Link} to={pageHref(engagementId, page.path)} size="sm">
        {page.label}
      </Anchor>
    ) : (
      <Text key="p" size="sm" aria-current="page" fw={600}>
        {page.label}
      </Text>
    ),
  ];
  if (detail) {
    items.push(
      <Text key="d" size="sm" aria-current="page" fw={600} className={classes.current}>
        {detailTitle ?? detail.label}
      </Text>,
    );
  }
  return (
    <nav aria-label="Breadcrumb" className={classes.crumbs}>
      <Breadcrumbs separator="›" separatorMargin={6} classNames={{ root: classes.root }}>
        {items}
      </Breadcrumbs>
    </nav>
  );
}
