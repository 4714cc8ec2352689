import { describe, expect, it } from 'vitest';
import { allMentions, commentVisibility, excerpt, mentionedIn, plainMentions, REACTION_NAMES, REACTIONS } from './comments';

describe('comments', () => {
  it('finds mention tokens once each, in order', () => {
    const body = 'Thanks @[Ana Lead](u-1) and @[Sam](u-2); @[Ana Lead](u-1) again. Not a mention: [x](u-3), @Bob';
    expect(mentionedIn(body)).toEqual(['u-1', 'u-2']);
    expect(allMentions(body, ['u-2', 'u-4'])).toEqual(['u-1', 'u-2', 'u-4']);
    expect(mentionedIn('')).toEqual([]);
  });

  it('turns tokens into plain @names', () => {
    expect(plainMentions('Hi @[Ana Lead](u-1)!')).toBe('Hi @Ana Lead!');
  });

  it('a comment on an internal subject is internal whatever was asked', () => {
    expect(commentVisibility('internal', false)).toBe('internal');
    expect(commentVisibility('shared', true)).toBe('internal');
    expect(commentVisibility('shared', false)).toBe('shared');
  });

  it('excerpts collapse whitespace and clip', () => {
    expect(excerpt('a\n\n  b')).toBe('a b');
    expect(excerpt('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('has a small fixed set of reactions', () => {
    expect(REACTION_NAMES).toEqual(['thumbs_up', 'check', 'eyes', 'heart', 'tada', 'question']);
    expect(REACTIONS.thumbs_up).toBe('👍');
  });
});
