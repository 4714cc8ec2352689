import { readFileSync } from 'node:fs';
import { hedges } from 'hedges';
import { describe, expect, it } from 'vitest';
import { applySuggestion, CORE_CATEGORIES, coach, lineCol, RULE_IDS } from './index';
import { parseCorpus } from './evaluate';
import { COMMITMENT_HEDGES } from './en/hedges';
import { parseDoc } from './en/parse';
import { passivesIn } from './en/ownership';

const cats = (text: string, opts?: Parameters<typeof coach>[1]) => [...new Set(coach(text, opts).map((f) => f.category))].sort();
const only = (text: string, category: string) => coach(text).filter((f) => f.category === category);

describe('the engine', () => {
  it('gives clean text no flag, and empty text none', () => {
    expect(coach('')).toEqual([]);
    expect(coach('Thanks for the quick approval of the homepage design.')).toEqual([]);
  });

  it('reports offsets into the original text that match the excerpt, in text order', () => {
    const text = 'Hello.\n\nWe will send it soon. Mistakes were made.';
    const flags = coach(text);
    expect(flags.map((f) => f.category)).toEqual(['vague-time', 'hidden-ownership']);
    for (const f of flags) expect(text.slice(f.start, f.end)).toBe(f.excerpt);
    expect(flags[0]).toMatchObject({ excerpt: 'soon', start: 24, end: 28, suggestion: 'by [date]' });
    expect(lineCol(text, flags[0]!.start)).toEqual({ line: 3, col: 17 });
  });

  it('applies a suggestion only where the excerpt still stands', () => {
    const text = 'We will send it soon.';
    const [flag] = coach(text);
    expect(applySuggestion(text, flag!)).toBe('We will send it by [date].');
    expect(applySuggestion('Something else entirely.', flag!)).toBe('Something else entirely.');
  });

  it('names every flag with a known rule and a fixed category', () => {
    const text = 'Would it be possible to deploy? We will hopefully finish soon. As I said before, mistakes were made in the CI/CD pipeline.';
    for (const f of coach(text)) {
      expect(CORE_CATEGORIES).toContain(f.category);
      expect(RULE_IDS).toContain(f.rule);
      expect(f.message.length).toBeGreaterThan(20);
    }
  });

  it('expands contractions with curly apostrophes', () => {
    const words = parseDoc('We\u2019ll try, it\u2019s fine and we won\u2019t.').sentences[0]!.words.map((w) => w.norm);
    expect(words).toEqual(['we', 'will', 'try', 'it', 'is', 'fine', 'and', 'we', 'will', 'not']);
  });
});

describe('asking-not-recommending', () => {
  it('flags permission questions and suggests a recommendation with a reason', () => {
    const [f] = only('Would it be possible to grant root access for John?', 'asking-not-recommending');
    expect(f).toMatchObject({ rule: 'permission-question', suggestion: 'We recommend that we grant root access for John, because …' });
    for (const t of ['Could we maybe move the demo?', 'Is it OK if we upgrade the database on Saturday?', 'We were wondering if we could pause the blog.', 'Do you want us to add a search box?']) {
      expect(cats(t)).toContain('asking-not-recommending');
    }
  });
  it('does not flag a request for material, scheduling, or a recommendation', () => {
    for (const t of ['Could you send us the logo files?', 'Can we meet on Tuesday at 10:00?', 'We recommend that John has direct root access, because he runs the releases.', 'Is the invoice address still the one in Leeds?']) {
      expect(cats(t)).not.toContain('asking-not-recommending');
    }
  });
});

describe('vague-time', () => {
  it('flags times without a date', () => {
    for (const t of ['We will send it soon.', 'Please reply ASAP.', 'We will have it by the end of the week.', 'The team will be in touch in the coming days.', 'We will fix it when we get a chance.', 'We will send the report next week.']) {
      expect(cats(t)).toContain('vague-time');
    }
  });
  it('does not flag a dated time, an event, or a past week', () => {
    for (const t of [
      'By the end of the week (Friday 12 March) we will have the report, provided the figures arrive.',
      'We will start as soon as the contract is signed, provided it is signed by Friday 12 March.',
      'How soon do you need the export?',
      'This week we finished the product import.',
      'The first draft is due by Friday 12 March, assuming the interviews go ahead.',
    ]) {
      expect(cats(t)).not.toContain('vague-time');
    }
  });
  it('flags "when someone gets a chance" for anyone, not only we and I', () => {
    for (const t of ['Our developer will look at it when he gets a chance.', 'The designers will update it when they get the time.', 'Anna will reply whenever she has a moment.']) expect(cats(t)).toContain('vague-time');
  });
  it('does not flag a week or a month when the sentence names a day as well; still flags it without one', () => {
    expect(cats('Mia is on holiday next week; Tom covers her tasks until she is back on 20 May.')).not.toContain('vague-time');
    expect(cats('Mia is on holiday next week; Tom covers her tasks until she is back.')).toContain('vague-time');
    // a strong vague word stays flagged beside a date elsewhere in the sentence
    expect(cats('We will send the invoice soon and the report on 3 May.')).toContain('vague-time');
  });
});

describe('hedged-commitment', () => {
  it('takes its softening words from retext-intensify\u2019s hedge list', () => {
    for (const h of COMMITMENT_HEDGES) expect(hedges).toContain(h);
  });
  it('flags promises that are not one', () => {
    for (const t of ['Hopefully the checkout will be ready by 14 March.', 'The integration should be done by Friday.', "We'll try to finish before the launch.", 'Fingers crossed, the fix lands on Tuesday.', 'If all goes well, we launch on 1 May.', 'The new server might be ready on Monday.']) {
      expect(cats(t)).toContain('hedged-commitment');
    }
    expect(only('The fix should be done by Friday.', 'hedged-commitment')[0]).toMatchObject({ excerpt: 'should', suggestion: 'will' });
  });
  it('does not flag an expectation for the reader, advice, a stated risk or a past guess', () => {
    for (const t of [
      'You should receive the invoice tomorrow.',
      'We should discuss the budget at the steering meeting.',
      'The date may slip if the data arrives late.',
      'The cause was probably a full disk.',
      'We would like to thank your team for the brief.',
      'Hopefully you had a good weekend.',
    ]) {
      expect(cats(t)).not.toContain('hedged-commitment');
    }
  });
});

describe('promise-without-assumptions', () => {
  it('flags a dated or definite promise in a text with no assumption, and suggests one', () => {
    const [f] = only('We will deliver the payment API on 3 March.', 'promise-without-assumptions');
    expect(f).toMatchObject({ excerpt: 'We will deliver the payment API on 3 March', suggestion: 'We will deliver the payment API on 3 March, assuming [what must hold]' });
    expect(cats('Anna will send the final designs on Tuesday.')).toContain('promise-without-assumptions');
    expect(cats('We will definitely finish the import.')).toContain('promise-without-assumptions');
  });
  it('does not flag when the text states an assumption or risk anywhere, or the promise is hedged or undated', () => {
    for (const t of [
      "We will deliver the payment API on 3 March, assuming the bank's test accounts are ready.",
      'We will deliver the reporting module on 30 June. The plan assumes the warehouse access is granted by 1 June.',
      'We will launch on 15 April. The main risk is the payment approval.',
      'We will probably have the prototype on 12 May.',
      'We will send the minutes.',
      'You will receive the invoice on 1 May.',
    ]) {
      expect(cats(t)).not.toContain('promise-without-assumptions');
    }
    // a courtesy "if" is not a condition
    expect(cats('We will launch on 15 April. If you have any questions, call me.')).toContain('promise-without-assumptions');
  });
});

describe('blame', () => {
  it('flags defensiveness and accusations, suggesting the sentence without the phrase', () => {
    const [f] = only('As we already said, the content must be final.', 'blame');
    expect(f).toMatchObject({ excerpt: 'As we already said, the', suggestion: 'The' });
    expect(applySuggestion('As we already said, the content must be final.', f!)).toBe('The content must be final.');
    for (const t of ['As per my last email, we need the files.', 'You failed to send the data.', 'Obviously, the site needs legal pages.', 'This delay is not our fault.', 'The launch slipped because of your late feedback.']) {
      expect(cats(t)).toContain('blame');
    }
  });
  it('does not flag neutral references or descriptions', () => {
    for (const t of ['As we agreed on Monday, the blog moves to phase two.', 'As discussed, we start with the mobile layout.', 'The test failed to start after the upgrade.', 'Clearly labelled buttons help older customers.', 'Once again thanks for the call.']) {
      expect(cats(t)).not.toContain('blame');
    }
  });
});

describe('hidden-ownership', () => {
  it('finds candidate passives from retext-passive and from Candor\u2019s own participles', () => {
    const s = parseDoc('Mistakes were made and the deadline was missed.').sentences[0]!;
    expect(passivesIn(s).map((p) => s.words[p.participle]!.norm)).toEqual(['made', 'missed']);
  });
  it('flags agentless passives and suggests naming the owner', () => {
    expect(only('Mistakes were made.', 'hidden-ownership')[0]).toMatchObject({ excerpt: 'Mistakes were made', suggestion: 'We made mistakes' });
    expect(only('The deadline was missed.', 'hidden-ownership')[0]?.suggestion).toBe('We missed the deadline');
    expect(only('It will be looked into.', 'hidden-ownership')[0]?.suggestion).toBe('We will look into it');
    for (const t of ['The release was delayed again.', 'The error messages will be reviewed.', 'The security update was overlooked.']) expect(cats(t)).toContain('hidden-ownership');
  });
  it('does not flag a count of uses, whose agents are the users; still flags a mishap with a count', () => {
    for (const t of ['The app was downloaded 2,400 times in the first month.', 'The help page was viewed 900 times last week.', 'The new form was used 3,100 times in May.']) expect(cats(t)).not.toContain('hidden-ownership');
    expect(cats('Several orders were processed twice.')).toContain('hidden-ownership');
    expect(cats('The customers were charged 3 times.')).toContain('hidden-ownership');
  });
  it('does not flag a named agent, a harmless or stative passive, a person as subject, or a condition', () => {
    for (const t of [
      'The designs were reviewed by Anna on Monday.',
      'The invoice was paid on 3 May.',
      'The shop is hosted in Frankfurt.',
      'We were asked to add a Dutch version.',
      'We will start once the design is approved.',
      'The bug has been fixed and the page has been updated.',
      'No customers were affected.',
      'Has the invoice been sent?',
    ]) {
      expect(cats(t)).not.toContain('hidden-ownership');
    }
    // "by Friday" is a date, not an agent
    expect(cats('The report will be reviewed by Friday.')).toContain('hidden-ownership');
  });
});

describe('unexplained-jargon', () => {
  it('flags technical terms and unknown acronyms, with an explanation to add', () => {
    const flags = only("We'll refactor the CI/CD pipeline; the p95 regressed.", 'unexplained-jargon');
    expect(flags.map((f) => f.excerpt)).toEqual(['refactor', 'CI/CD pipeline', 'p95', 'regressed']);
    expect(flags[0]?.suggestion).toBe('refactor (restructure the code without changing what it does)');
    expect(cats('The RDS instance ran out of space.')).toContain('unexplained-jargon');
  });
  it('does not flag explained acronyms, later uses of them, common acronyms, glossary terms, or for the team', () => {
    for (const t of ['The continuous integration (CI) checks run on every change; CI caught two errors.', 'Single sign-on (SSO) is on. SSO works for the admin area.', 'The CEO signed the PDF and the VAT is included.']) {
      expect(cats(t)).not.toContain('unexplained-jargon');
    }
    expect(cats('The p95 is back under 300 ms.', { glossary: ['p95'] })).not.toContain('unexplained-jargon');
    expect(cats('The cron job now runs at 7:00.', { glossary: ['Cron job'] })).not.toContain('unexplained-jargon');
    expect(cats('We will refactor the importer.', { audience: 'team' })).not.toContain('unexplained-jargon');
  });
});

describe('false-positive filters', () => {
  it('ignores quoted words, code and addresses', () => {
    expect(coach('The error said \u201cit will be looked into soon\u201d, which is the vendor\u2019s text.')).toEqual([]);
    expect(cats('Run `deploy --asap` on the server.')).not.toContain('vague-time');
    expect(cats('Details are at https://example.com/soon-asap.')).not.toContain('vague-time');
  });
});

describe('optional categories', () => {
  it('are off by default and on when asked for', () => {
    const text = 'Hey guys, in order to save time we skip the demo.';
    expect(cats(text)).toEqual([]);
    expect(cats(text, { include: ['inclusive-language', 'wordy-phrase'] })).toEqual(['inclusive-language', 'wordy-phrase']);
    expect(coach(text, { include: ['wordy-phrase'] })[0]).toMatchObject({ excerpt: 'in order to', suggestion: 'to', rule: 'simplify:in-order-to' });
  });
});

describe('the corpus', () => {
  const corpus = parseCorpus(readFileSync(new URL('../../../bench/coach/corpus.jsonl', import.meta.url), 'utf8'));
  it('has at least 300 examples, 30 positives per category and 100 clean ones, in a dev and a held-out split', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    for (const c of CORE_CATEGORIES) expect(corpus.filter((e) => e.labels.includes(c)).length).toBeGreaterThanOrEqual(30);
    expect(corpus.filter((e) => e.labels.length === 0).length).toBeGreaterThanOrEqual(100);
    expect(corpus.filter((e) => e.split === 'held-out').length).toBeGreaterThan(80);
    expect(new Set(corpus.map((e) => e.id)).size).toBe(corpus.length);
  });
});
