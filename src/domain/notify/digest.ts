/**
 * The weekly digest as plain text (ADR 0021): one section per engagement with
 * what happened there, from lines already filtered for the reader. Pure.
 */

export interface DigestSection {
  engagementName: string;
  /** "/engagements/ID" */
  link: string;
  lines: { at: string; text: string; link: string | null }[];
}

export interface Digest {
  subject: string;
  text: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const day = (iso: string) => {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
};

/** Most lines shown per engagement; the rest are counted. */
export const DIGEST_LINES_PER_ENGAGEMENT = 25;

/** null when nothing happened anywhere: no e-mail is sent for a quiet week. */
export function composeDigest(opts: { name: string; from: Date; to: Date; publicUrl: string; sections: DigestSection[] }): Digest | null {
  const sections = opts.sections.filter((s) => s.lines.length > 0);
  if (sections.length === 0) return null;
  const total = sections.reduce((n, s) => n + s.lines.length, 0);
  const out: string[] = [`Hello ${opts.name},`, '', `What happened in your engagements from ${day(opts.from.toISOString())} to ${day(new Date(opts.to.getTime() - 1).toISOString())}:`, ''];
  for (const s of sections) {
    out.push(`${s.engagementName} (${s.lines.length} ${s.lines.length === 1 ? 'change' : 'changes'})`, `${opts.publicUrl}${s.link}`);
    const shown = [...s.lines].sort((a, b) => a.at.localeCompare(b.at)).slice(-DIGEST_LINES_PER_ENGAGEMENT);
    for (const l of shown) out.push(`  ${day(l.at)}  ${l.text}`);
    if (s.lines.length > shown.length) out.push(`  … and ${s.lines.length - shown.length} earlier`);
    out.push('');
  }
  out.push('You get this digest once a week; choose the day, or turn it off, in your profile:', `${opts.publicUrl}/profile`);
  return { subject: `Your week in Candor: ${total} ${total === 1 ? 'change' : 'changes'} in ${sections.length} ${sections.length === 1 ? 'engagement' : 'engagements'}`, text: `${out.join('\n')}\n` };
}
