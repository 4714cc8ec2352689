import { Input, SegmentedControl } from '@mantine/core';
import { useId } from 'react';

interface Props {
  label: string;
  description: string;
  value: number;
  onChange: (v: number) => void;
  error?: React.ReactNode;
  required?: boolean;
}

/** A 1–5 score as five segments, with a label, a description and a field error. */
export function ScoreInput({ label, description, value, onChange, error, required }: Props) {
  const id = useId();
  return (
    <Input.Wrapper
      label={label}
      description={description}
      error={error}
      required={required}
      labelElement="div"
      labelProps={{ id: `${id}-label` }}
      descriptionProps={{ id: `${id}-description` }}
      errorProps={{ id: `${id}-error` }}
    >
      <SegmentedControl
        fullWidth
        mt={4}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-description${error ? ` ${id}-error` : ''}`}
        aria-invalid={!!error || undefined}
        data={['1', '2', '3', '4', '5']}
        value={String(value)}
        onChange={(v) => onChange(Number(v))}
      />
    </Input.Wrapper>
  );
}
