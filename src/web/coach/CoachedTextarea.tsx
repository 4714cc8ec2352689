/**
 * A textarea that coaches as you type. The coach runs in a worker (debounced),
 * never blocks sending and sends nothing anywhere except, when a person
 * dismisses a flag, the rule's name and the optional reason.
 *
 * Flags are shown twice: as wavy underlines in a backdrop behind the text
 * (decoration, hidden from screen readers) and as a list under the field,
 * which the field's aria-describedby names and a polite live region
 * announces ("2 suggestions from the coach"). Each item says the category in
 * words, quotes the passage, explains why, and offers "Apply rewrite" where
 * one exists and "Dismiss" with an optional reason.
 *
 * Drop-in for Mantine's Textarea (same props, incl. form.getInputProps), plus
 * `engagementId` (its glossary is not flagged) and `audience`.
 */
import { Badge, Button, Group, Popover, Stack, Text, Textarea, type TextareaProps, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useMergedRef } from '@mantine/hooks';
import { forwardRef, memo, type ReactNode, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Audience, Flag } from '../../domain/coach/types';
import { useGlossary, sendDismissal } from './api';
import { checkInBrowser } from './client';
import classes from './CoachedTextarea.module.css';
import { CATEGORY_LABEL } from './labels';

export interface CoachedTextareaProps extends TextareaProps {
  /** The engagement whose glossary terms are known to the readers. */
  engagementId?: string | undefined;
  audience?: Audience;
  /** Milliseconds of quiet before checking (default 300). */
  debounce?: number;
  /** false: a plain textarea (e.g. while the text is internal, not client-facing). */
  coach?: boolean;
}

const COPIED = [
  'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'lineHeight', 'letterSpacing', 'wordSpacing', 'textTransform', 'textIndent', 'tabSize',
  'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderRadius',
] as const;

/** Sets a textarea's value the way typing does, so React (and Mantine form) see the change. */
function setNativeValue(el: HTMLTextAreaElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
  setter?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** The field sits over the backdrop, see-through, so the underlines show beneath the words. */
const INPUT_OVER_BACKDROP = { background: 'transparent', position: 'relative', zIndex: 1 } as const;

const keyOf = (f: Flag) => `${f.rule}\u0000${f.excerpt}`;

export const CoachedTextarea = forwardRef<HTMLTextAreaElement, CoachedTextareaProps>(function CoachedTextarea(
  { engagementId, audience = 'client', debounce = 300, coach = true, classNames, ...props },
  ref,
) {
  const inner = useRef<HTMLTextAreaElement>(null);
  const merged = useMergedRef(ref, inner);
  const backdrop = useRef<HTMLDivElement>(null);
  const uid = useId();
  const id = props.id ?? `coach-${uid.replace(/:/g, '')}`;
  const listId = `${id}-coach`;
  const value = typeof props.value === 'string' ? props.value : '';
  const [text] = useDebouncedValue(value, debounce);
  const glossary = useGlossary(engagementId);
  const terms = useMemo(() => (glossary.data?.terms ?? []).map((t) => t.term), [glossary.data]);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [checkedText, setCheckedText] = useState('');
  const [dismissed, setDismissed] = useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    let current = true;
    if (!coach || !text.trim()) {
      setFlags([]);
      setCheckedText(text);
      return;
    }
    checkInBrowser(text, { audience, glossary: terms })
      .then((f) => {
        if (!current) return;
        setFlags(f);
        setCheckedText(text);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [text, audience, terms, coach]);

  // Flags of an older text whose passage no longer stands where it was are not shown.
  const shown = useMemo(
    () => flags.filter((f) => !dismissed.has(keyOf(f)) && value.slice(f.start, f.end) === f.excerpt),
    [flags, dismissed, value],
  );

  // The backdrop copies the field's box and font, so the underlines sit under the words.
  useLayoutEffect(() => {
    const el = inner.current;
    const bd = backdrop.current;
    if (!el || !bd) return;
    const sync = () => {
      const cs = getComputedStyle(el);
      for (const k of COPIED) bd.style[k] = cs[k];
      const box = el.getBoundingClientRect();
      const frame = (bd.offsetParent ?? bd.parentElement)?.getBoundingClientRect();
      bd.style.top = `${box.top - (frame?.top ?? 0)}px`;
      bd.style.left = `${box.left - (frame?.left ?? 0)}px`;
      bd.style.width = `${el.offsetWidth}px`;
      bd.style.height = `${el.offsetHeight}px`;
      bd.scrollTop = el.scrollTop;
    };
    sync();
    const ro = new ResizeObserver(sync);
    ro.observe(el);
    const onScroll = () => {
      bd.scrollTop = el.scrollTop;
    };
    el.addEventListener('scroll', onScroll);
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, []);

  const segments = useMemo(() => {
    const out: ReactNode[] = [];
    let at = 0;
    shown.forEach((f) => {
      if (f.start < at) return;
      out.push(value.slice(at, f.start));
      out.push(
        <mark key={`${f.start}-${f.rule}`} className={classes.mark} data-category={f.category}>
          {value.slice(f.start, f.end)}
        </mark>,
      );
      at = f.end;
    });
    out.push(`${value.slice(at)}\n`);
    return out;
  }, [shown, value]);

  const apply = useCallback((f: Flag) => {
    const el = inner.current;
    if (!el || f.suggestion === null) return;
    if (el.value.slice(f.start, f.end) !== f.excerpt) return;
    const next = el.value.slice(0, f.start) + f.suggestion + el.value.slice(f.end);
    setNativeValue(el, next);
    el.focus();
    const caret = f.start + f.suggestion.length;
    el.setSelectionRange(caret, caret);
  }, []);

  const dismiss = useCallback((f: Flag, reason: string) => {
    setDismissed((d) => new Set(d).add(keyOf(f)));
    void sendDismissal({ category: f.category, rule: f.rule, ...(reason.trim() ? { reason: reason.trim() } : {}) }).catch(() => undefined);
  }, []);
  const listed = showAll ? shown : shown.slice(0, LIST_LIMIT);

  // Mantine sets aria-describedby (description, error) itself; the coach's list is added to what it set.
  useEffect(() => {
    const el = inner.current;
    if (!el) return;
    const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    if (!ids.includes(listId)) el.setAttribute('aria-describedby', [...ids, listId].join(' '));
  });
  const summary = shown.length === 0 ? (checkedText.trim() ? 'No suggestions from the coach.' : '') : `${shown.length} ${shown.length === 1 ? 'suggestion' : 'suggestions'} from the coach.`;

  return (
    <Stack gap={6}>
      <div className={classes.wrap}>
        <div ref={backdrop} className={classes.backdrop} aria-hidden="true" data-coach-backdrop>
          {segments}
        </div>
        <Textarea {...props} id={id} ref={merged} classNames={classNames} styles={{ input: INPUT_OVER_BACKDROP }} />
      </div>
      <div id={listId}>
        <VisuallyHidden>
          <span role="status" aria-live="polite">
            {summary}
          </span>
        </VisuallyHidden>
        {shown.length > 0 && (
          <ul className={classes.list} aria-label={`Coach suggestions${typeof props.label === 'string' ? ` for ${props.label}` : ''}`}>
            {listed.map((f) => (
              <li key={`${f.start}-${f.rule}`} className={classes.item}>
                <FlagItem flag={f} onApply={apply} onDismiss={dismiss} />
              </li>
            ))}
          </ul>
        )}
        {shown.length > listed.length && (
          <Button size="compact-xs" variant="subtle" mt={6} onClick={() => setShowAll(true)}>
            Show all {shown.length} suggestions
          </Button>
        )}
      </div>
    </Stack>
  );
});

/** The list shows this many flags at first (a long text can have a hundred); the underlines show all. */
const LIST_LIMIT = 25;

const FlagItem = memo(function FlagItem({ flag, onApply, onDismiss }: { flag: Flag; onApply: (f: Flag) => void; onDismiss: (f: Flag, reason: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const label = CATEGORY_LABEL[flag.category];
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Badge variant="light" color="orange" size="sm" radius="sm">
          {label}
        </Badge>
        <Text size="sm" fw={600} component="q">
          {flag.excerpt.length > 80 ? `${flag.excerpt.slice(0, 77)}…` : flag.excerpt}
        </Text>
      </Group>
      <Text size="sm">{flag.message}</Text>
      {flag.suggestion !== null && flag.suggestion !== '' && (
        <Text size="sm" c="dimmed">
          Rewrite: <q>{flag.suggestion}</q>
        </Text>
      )}
      <Group gap="xs">
        {flag.suggestion !== null && (
          <Button size="compact-xs" variant="light" onClick={() => onApply(flag)} aria-label={`${flag.suggestion === '' ? 'Remove it' : 'Apply rewrite'}: “${flag.excerpt}” (${label})`}>
            {flag.suggestion === '' ? 'Remove it' : 'Apply rewrite'}
          </Button>
        )}
        <Popover opened={open} onChange={setOpen} position="bottom-start" withArrow trapFocus returnFocus>
          <Popover.Target>
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setOpen((o) => !o)} aria-label={`Dismiss: “${flag.excerpt}” (${label})`}>
              Dismiss
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                setOpen(false);
                onDismiss(flag, reason);
              }}
            >
              <Stack gap="xs" w={260}>
                <TextInput
                  size="xs"
                  label="Why does it not fit? (optional)"
                  description="Only the rule and your reason are counted, never your text."
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  maxLength={500}
                />
                <Button size="compact-sm" type="submit">
                  Dismiss
                </Button>
              </Stack>
            </form>
          </Popover.Dropdown>
        </Popover>
      </Group>
    </Stack>
  );
});
