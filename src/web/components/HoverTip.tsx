import { Tooltip, type TooltipProps } from '@mantine/core';
import { cloneElement, type FocusEvent, type PointerEvent, type ReactElement, useEffect, useRef, useState } from 'react';

type ChildProps = {
  onPointerEnter?: (e: PointerEvent) => void;
  onPointerLeave?: (e: PointerEvent) => void;
  onFocus?: (e: FocusEvent) => void;
};

/**
 * Mantine's Tooltip, mounted only once someone points at or focuses its child. A mounted Tooltip runs
 * floating-ui's positioning in a layout effect, which re-renders at once: on a page of timestamps and
 * counts that was a long task of its own on a phone, for tips nobody had asked for (ADR 0036). The first
 * tip still waits `openDelay` on a mouse or pen (and opens on focus when `events.focus` says so); after
 * that the Tooltip is mounted and behaves as usual. The child must accept pointer and focus handlers (a DOM element or a Mantine
 * component).
 */
export function HoverTip({ children, openDelay = 0, ...tip }: Omit<TooltipProps, 'children'> & { children: ReactElement<ChildProps> }) {
  const [armed, setArmed] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (armed)
    return (
      <Tooltip {...tip} openDelay={openDelay} defaultOpened>
        {children}
      </Tooltip>
    );
  const own = children.props;
  return cloneElement(children, {
    onPointerEnter: (e: PointerEvent) => {
      own.onPointerEnter?.(e);
      // as the Tooltip's own hover: a mouse or a pen, not a finger (unless its events say touch)
      if (e.pointerType === 'touch' && !tip.events?.touch) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setArmed(true), openDelay);
    },
    onPointerLeave: (e: PointerEvent) => {
      own.onPointerLeave?.(e);
      clearTimeout(timer.current);
    },
    onFocus: (e: FocusEvent) => {
      own.onFocus?.(e);
      if (tip.events?.focus) setArmed(true);
    },
  });
}
