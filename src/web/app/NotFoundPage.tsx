import { Button } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyHint } from '../components/EmptyHint';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyHint
        icon={<IconMapQuestion aria-hidden />}
        title="There is nothing at this address"
        action={
          <Button component={Link} to="/engagements">
            Go to your engagements
          </Button>
        }
      >
        The link may be old or mistyped.
      </EmptyHint>
    </>
  );
}
