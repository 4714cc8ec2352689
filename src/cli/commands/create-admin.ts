import { randomInt } from 'node:crypto';
import type { Command } from 'commander';
import { CliError } from '../errors';
import { assertPassword, globalsOf } from '../globals';

interface CreateAdminOptions {
  email: string;
  name?: string;
  password?: string;
}

/** A password people can type: 5 groups of 4 from an unambiguous alphabet (about 99 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

const VIA = 'candor create-admin';

/** `candor create-admin`: a new instance admin, or an existing account promoted to one. */
export function registerCreateAdmin(program: Command): void {
  program
    .command('create-admin')
    .description('create an instance admin, or make the existing account with that e-mail one')
    .requiredOption('--email <email>', "the admin's e-mail address (their sign-in)")
    .option('--name <name>', "the admin's full name (required when the account is new)")
    .option('--password <password>', 'their password, at least 10 characters (default: generate one and print it once)')
    .addHelpText(
      'after',
      [
        '',
        'For an existing account: makes it an instance admin and keeps its name; sets the password only',
        'when --password is given (or when the account has none yet), signing it out everywhere.',
        'Each change is recorded in the instance audit chain, with "system" as the actor.',
      ].join('\n'),
    )
    .action(async (opts: CreateAdminOptions, cmd: Command) => {
      const { Email, Text } = await import('../../contracts/common');
      const email = Email.safeParse(opts.email.trim());
      if (!email.success) throw new CliError(`--email: "${opts.email}" is not an e-mail address`);
      const name = opts.name === undefined ? undefined : Text(120).safeParse(opts.name);
      if (name && !name.success) throw new CliError(`--name ${name.error.issues[0]?.message ?? 'is invalid'}`);
      assertPassword(opts.password);

      const { withContext } = await import('../context');
      const { hashPassword } = await import('../../server/auth/passwords');
      const { appendAudit, INSTANCE_CHAIN } = await import('../../server/audit/append');
      const { newId } = await import('../../server/ids');

      // Hash before the transaction (argon2id takes a moment; the write lock should not wait on it).
      const password = opts.password ?? generatePassword();
      const passwordHash = await hashPassword(password);

      await withContext(globalsOf(cmd), { migrate: true }, async (ctx) => {
        for (const m of ctx.migrated) console.log(`Applied migration ${m}`);
        const { deps } = ctx;
        const now = deps.clock.now().toISOString();
        const outcome = await deps.db.transaction().execute(async (trx) => {
          const user = await trx.selectFrom('users').selectAll().where('email', '=', email.data).executeTakeFirst();
          if (!user) {
            if (!name) throw new CliError(`No account has the e-mail ${email.data}: give --name to create one`);
            const id = newId();
            await trx
              .insertInto('users')
              .values({ id, email: email.data, name: name.data, password_hash: passwordHash, is_admin: 1, org_id: null, created_at: now, disabled_at: null })
              .execute();
            await appendAudit(trx, deps, {
              chain: INSTANCE_CHAIN,
              actor: null,
              action: 'user.created',
              object: { type: 'user', id },
              visibility: 'internal',
              before: null,
              after: { email: email.data, name: name.data, orgId: null, isAdmin: true, via: VIA },
            });
            return { kind: 'created' as const, id, name: name.data, passwordSet: true, disabled: false };
          }
          const promote = user.is_admin !== 1;
          const setPassword = opts.password !== undefined || user.password_hash === null;
          if (!promote && !setPassword) return { kind: 'unchanged' as const, id: user.id, name: user.name, passwordSet: false, disabled: user.disabled_at !== null };
          await trx
            .updateTable('users')
            .set({ is_admin: 1, ...(setPassword ? { password_hash: passwordHash } : {}) })
            .where('id', '=', user.id)
            .execute();
          if (setPassword) await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
          await appendAudit(trx, deps, {
            chain: INSTANCE_CHAIN,
            actor: null,
            action: 'user.updated',
            object: { type: 'user', id: user.id },
            visibility: 'internal',
            before: { isAdmin: user.is_admin === 1 },
            after: { isAdmin: true, ...(setPassword ? { password: 'set' } : {}), via: VIA },
          });
          return { kind: promote ? ('promoted' as const) : ('password' as const), id: user.id, name: user.name, passwordSet: setPassword, disabled: user.disabled_at !== null };
        });

        const who = `${outcome.name} <${email.data}> (${outcome.id})`;
        const lines = {
          created: `Created instance admin ${who}.`,
          promoted: `Made the existing account ${who} an instance admin.`,
          password: `${who} was already an instance admin; password set.`,
          unchanged: `${who} is already an instance admin; nothing changed (give --password to set a new password).`,
        };
        console.log(lines[outcome.kind]);
        if (outcome.passwordSet) {
          console.log(
            opts.password === undefined
              ? `Password: ${password}\n(generated; shown only now. Sign in and change it under your account settings.)`
              : 'Password: the one given with --password.',
          );
          if (outcome.kind !== 'created') console.log('Existing sessions of this account were signed out.');
        }
        if (outcome.disabled) console.error('warning: this account is disabled; enable it in the admin pages before it can sign in.');
      });
    });
}
