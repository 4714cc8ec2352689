import nodemailer from 'nodemailer';
import type pino from 'pino';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail over SMTP when configured; otherwise reports that it did not. */
export interface Mailer {
  readonly enabled: boolean;
  send(mail: OutgoingMail): Promise<boolean>;
}

export function createMailer(smtpUrl: string | undefined, from: string, log: pino.Logger): Mailer {
  if (!smtpUrl) {
    return {
      enabled: false,
      async send(mail) {
        log.info({ to: mail.to, subject: mail.subject }, 'SMTP_URL is not set: e-mail not sent');
        return false;
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    enabled: true,
    async send(mail) {
      try {
        await transport.sendMail({ from, ...mail });
        return true;
      } catch (err) {
        log.error({ err, to: mail.to, subject: mail.subject }, 'e-mail could not be sent');
        return false;
      }
    },
  };
}
