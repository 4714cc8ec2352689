import { Button, Drawer } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconMessageCircle } from '@tabler/icons-react';
import type { SubjectType } from './api';
import { CommentThread } from './CommentThread';

/** A button that opens an object's comment thread in a drawer: for objects shown as cards (phases), not pages. */
export function CommentsDrawerButton({ engagementId, subjectType, subjectId, name }: { engagementId: string; subjectType: SubjectType; subjectId: string; name: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <>
      <Button size="xs" variant="default" leftSection={<IconMessageCircle size={14} aria-hidden />} onClick={open} aria-label={`Comments on ${name}`}>
        Comments
      </Button>
      <Drawer opened={opened} onClose={close} position="right" size={phone ? '100%' : 'lg'} title={`Comments on ${name}`} closeButtonProps={{ 'aria-label': 'Close comments' }}>
        {opened && <CommentThread engagementId={engagementId} subjectType={subjectType} subjectId={subjectId} />}
      </Drawer>
    </>
  );
}
