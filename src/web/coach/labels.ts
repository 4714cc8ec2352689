import type { Category } from '../../domain/coach/types';

export const CATEGORY_LABEL: Record<Category, string> = {
  'asking-not-recommending': 'Asking, not recommending',
  'vague-time': 'Vague time',
  'hedged-commitment': 'Hedged commitment',
  'promise-without-assumptions': 'Promise without assumptions',
  blame: 'Blame',
  'hidden-ownership': 'Hidden ownership',
  'unexplained-jargon': 'Unexplained jargon',
  'inclusive-language': 'Inclusive language',
  'wordy-phrase': 'Wordy phrase',
};
