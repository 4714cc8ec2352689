/** The English rule pack. Another language is another pack of the same shape. */
import type { RulePack } from '../types';
import { askingRule } from './asking';
import { blameRule } from './blame';
import { FILTERS } from './filters';
import { hedgedRule } from './hedges';
import { jargonRule } from './jargon';
import { inclusiveRule, wordyRule } from './optional';
import { ownershipRule } from './ownership';
import { parseDoc } from './parse';
import { promiseRule } from './promises';
import { vagueTimeRule } from './time';

export const english: RulePack = {
  language: 'en',
  parse: parseDoc,
  rules: [askingRule, vagueTimeRule, hedgedRule, promiseRule, blameRule, ownershipRule, jargonRule, inclusiveRule, wordyRule],
  filters: FILTERS,
};
