import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { HoverTip } from './HoverTip';

dayjs.extend(relativeTime);

export const formatDateTime = (iso: string) => dayjs(iso).format('D MMM YYYY, HH:mm');
export const formatDate = (iso: string) => dayjs(iso).format('D MMM YYYY');

/** A timestamp shown relative ("3 hours ago") with the exact time on hover and for machines. */
export function Time({ iso, mode = 'relative' }: { iso: string; mode?: 'relative' | 'date' | 'datetime' }) {
  const text = mode === 'relative' ? dayjs(iso).fromNow() : mode === 'date' ? formatDate(iso) : formatDateTime(iso);
  return (
    <HoverTip label={formatDateTime(iso)} openDelay={400} withArrow>
      <time dateTime={iso}>{text}</time>
    </HoverTip>
  );
}
