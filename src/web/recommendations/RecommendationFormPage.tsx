import { Anchor, Button, Group, Paper, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { fieldErrors } from '../app/api';
import type { Visibility } from '../app/types';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { useEngagementCtx } from '../engagements/context';
import { VisibilityField } from '../governance/VisibilityField';
import { useCreateRecommendation, useRecommendations } from './api';
import { figuresOf, RecommendationFields, type RecommendationValues } from './RecommendationFields';

/** Recommend: what and why, the benefit, cost and effort, the risk of not acting, the outcome it serves. */
export function RecommendationFormPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const navigate = useNavigate();
  const create = useCreateRecommendation(id);
  const currency = useRecommendations(id, {}).data?.currency ?? 'EUR';
  const [visibility, setVisibility] = useState<Visibility>('shared');
  const form = useForm<RecommendationValues>({
    initialValues: { kind: 'do', title: '', recommendation: '', benefit: '', riskOfNotActing: '', effort: 'small', costHours: '', costMoney: '', avoidedHours: '', avoidedMoney: '', replacesCost: '', outcomeId: null },
    validate: {
      title: (v) => (v.trim() ? null : 'Name the recommendation'),
      recommendation: (v) => (v.trim() ? null : 'Say what you recommend and why'),
      avoidedHours: (v, all) => (all.kind === 'dont' && !(Number(v) > 0) && !(Number(all.avoidedMoney) > 0) ? 'A “don’t” states the work it avoids: hours and/or money' : null),
    },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      const created = await create.mutateAsync({
        ...figuresOf(v),
        title: v.title.trim(),
        recommendation: v.recommendation.trim(),
        benefit: v.benefit,
        riskOfNotActing: v.riskOfNotActing,
        outcomeId: v.outcomeId,
        visibility,
      });
      notifications.show({ color: 'teal', title: visibility === 'internal' ? 'Draft saved' : 'Recommendation sent to the client', message: created.title });
      navigate(`/engagements/${id}/recommendations/${created.id}`);
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/recommendations`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Recommendations
      </Anchor>
      <PageHeader
        title="Recommend"
        order={2}
        documentTitle={`${engagement.name}: recommend`}
        description="A recommendation with its reasons and figures. Shared, the client sponsor is asked for an answer; internal, it stays a draft the client never sees."
      />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} maw={760}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <RecommendationFields form={form} engagementId={id} currency={currency} />
            {can('content.internal') && <VisibilityField value={visibility} onChange={setVisibility} what="a recommendation" />}
            <FormError error={create.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" component={Link} to={`/engagements/${id}/recommendations`}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!can('recommendation.write')}>
                {visibility === 'internal' ? 'Save the draft' : 'Recommend'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
