import { MultiSelect, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Member } from '../app/types';
import { externalToken, isMemberToken, memberToken, type PersonToken, tokenName } from './tokens';

const THIRD_PARTY = '__third_party__';

const memberOptions = (members: Member[]) => members.map((m) => ({ value: memberToken(m.user.id), label: m.user.name }));

/**
 * One person: a member of the engagement (by id), or — chosen explicitly —
 * a third party who is not a member, typed as a name.
 */
export function PersonSelect({
  label,
  members,
  value,
  onChange,
  error,
  required,
  description,
}: {
  label: string;
  members: Member[];
  value: PersonToken;
  onChange: (v: PersonToken) => void;
  error?: React.ReactNode;
  required?: boolean;
  description?: string;
}) {
  const external = value !== '' && !isMemberToken(value);
  const [typing, setTyping] = useState(external);
  const unresolved = value.startsWith('?:');
  return (
    <Stack gap={4}>
      <Select
        label={label}
        required={required}
        searchable
        placeholder="Pick a member"
        description={description}
        data={[...memberOptions(members), { value: THIRD_PARTY, label: 'Not a member (third party)…' }]}
        value={typing || external ? THIRD_PARTY : value || null}
        onChange={(v) => {
          if (v === THIRD_PARTY) {
            setTyping(true);
            onChange(external ? value : '');
          } else {
            setTyping(false);
            onChange(v ?? '');
          }
        }}
        error={typing || external ? undefined : error}
      />
      {(typing || external) && (
        <TextInput
          label={`${label}: name of the third party`}
          description={
            unresolved
              ? `“${tokenName(value)}” matched no single member. Pick the member above, or keep it as a third party.`
              : 'Not a member of this engagement: Candor cannot notify them; the lead or sponsor acts for them.'
          }
          value={external ? tokenName(value) : ''}
          onChange={(e) => onChange(e.currentTarget.value.trim() ? externalToken(e.currentTarget.value) : '')}
          error={error}
        />
      )}
    </Stack>
  );
}

/** Several people: members from a list, and third parties (not members) typed as names. */
export function PeoplePicker({
  label,
  members,
  value,
  onChange,
  membersOnly = false,
}: {
  label: string;
  members: Member[];
  value: PersonToken[];
  onChange: (v: PersonToken[]) => void;
  /** Only members can be picked (no third parties typed as names), e.g. who works in a capacity-plan period. */
  membersOnly?: boolean;
}) {
  const picked = value.filter(isMemberToken);
  const others = value.filter((t) => !isMemberToken(t));
  const unresolved = others.filter((t) => t.startsWith('?:')).map(tokenName);
  return (
    <Stack gap={4}>
      <MultiSelect
        label={label}
        placeholder={picked.length ? undefined : 'Pick members'}
        searchable
        clearable
        data={memberOptions(members)}
        value={picked}
        onChange={(v) => onChange([...v, ...others])}
      />
      {!membersOnly && <TagsInput
        label={`${label}: third parties, not members`}
        aria-label={`${label}: third parties, not members`}
        size="xs"
        placeholder="Type a name, press Enter"
        description={unresolved.length ? `${unresolved.map((n) => `“${n}”`).join(', ')} matched no single member: pick the member above and remove the name here, or keep it.` : undefined}
        value={others.map(tokenName)}
        onChange={(names) => {
          const kept = new Map(others.map((t) => [tokenName(t), t]));
          onChange([...picked, ...names.map((n) => kept.get(n) ?? externalToken(n))]);
        }}
      />}
    </Stack>
  );
}
