import { IconChartArea, IconChartLine, IconFileImport, IconClock, IconCoin, IconFileText, IconFlag, IconGavel, IconHistory, IconLayoutDashboard, IconListCheck, IconListDetails, IconNotes, IconTimeline, IconUsers } from '@tabler/icons-react';
import { IconHeartHandshake } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router';
import classes from './EngagementNav.module.css';

const TABS = [
  { to: '', label: 'Overview', icon: IconLayoutDashboard, end: true },
  { to: 'charter', label: 'Charter', icon: IconFileText, end: false },
  { to: 'phases', label: 'Phases', icon: IconTimeline, end: false },
  { to: 'items', label: 'Items', icon: IconListDetails, end: false },
  { to: 'time', label: 'Time', icon: IconClock, end: false },
  { to: 'budget', label: 'Budget', icon: IconCoin, end: false },
  { to: 'progress', label: 'Progress', icon: IconChartLine, end: false },
  { to: 'forecast', label: 'Forecast', icon: IconChartArea, end: false },
  { to: 'imports', label: 'Imports', icon: IconFileImport, end: false },
  { to: 'commitments', label: 'Commitments', icon: IconHeartHandshake, end: false },
  { to: 'raid', label: 'RAID', icon: IconListCheck, end: false },
  { to: 'decisions', label: 'Decisions', icon: IconGavel, end: false },
  { to: 'escalations', label: 'Escalations', icon: IconFlag, end: false },
  { to: 'notes', label: 'Notes', icon: IconNotes, end: false },
  { to: 'members', label: 'Members', icon: IconUsers, end: false },
  { to: 'activity', label: 'Activity', icon: IconHistory, end: false },
] as const;

/** The engagement's sections: links (not ARIA tabs), the current one marked with aria-current. */
export function EngagementNav({ id }: { id: string }) {
  const bar = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // Many sections: keep the current one in view when the bar scrolls sideways.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the path changes
  useEffect(() => {
    const current = bar.current?.querySelector<HTMLElement>('[aria-current="page"]');
    if (current && bar.current) bar.current.scrollLeft = Math.max(0, current.offsetLeft - bar.current.offsetLeft - 24);
  }, [pathname]);
  return (
    <nav aria-label="Engagement sections" className={classes.bar} ref={bar}>
      {TABS.map(({ to, label, icon: Icon, end }) => (
        <NavLink key={label} to={to ? `/engagements/${id}/${to}` : `/engagements/${id}`} end={end} className={classes.link}>
          <Icon size={16} aria-hidden className={classes.icon} />
          {label}
        </NavLink>
      ))}
    </nav>
  );
}
