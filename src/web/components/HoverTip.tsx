import { Tooltip, type TooltipProps } from '@mantine/core';
import { cloneElement, type FocusEvent, type PointerEvent, type ReactElement, useState } from 'react';

type ChildProps = {
  onPointerEnter?: (e: PointerEvent) => void;
  onFocus?: (e: FocusEvent) => void;
};

/**
 * Mantine's Tooltip, mounted only once someone points at or focuses its child. A mounted Tooltip runs
 * floating-ui's positioning in a layout effect, which re-renders at once: on a page of timestamps and
 * counts that was a long task of its own on a phone, for tips nobody had asked for (ADR 0036). Once a
 * mouse or pen enters the child (or focus does, when `events.focus` says so) the Tooltip is mounted and
 * behaves as usual: floating-ui opens it on the pointer's next move after `openDelay`, so a pointer that
 * has already left opens nothing and no tip is left open. The child must accept pointer and focus handlers
 * (a DOM element or a Mantine component).
 */
export function HoverTip({ children, ...tip }: Omit<TooltipProps, 'children'> & { children: ReactElement<ChildProps> }) {
  const [armed, setArmed] = useState(false);
  if (armed) return <Tooltip {...tip}>{children}</Tooltip>;
  const own = children.props;
  return cloneElement(children, {
    onPointerEnter: (e: PointerEvent) => {
      own.onPointerEnter?.(e);
      // as the Tooltip's own hover: a mouse or a pen, not a finger (unless its events say touch)
      if (e.pointerType !== 'touch' || tip.events?.touch) setArmed(true);
    },
    onFocus: (e: FocusEvent) => {
      own.onFocus?.(e);
      if (tip.events?.focus) setArmed(true);
    },
  });
}
