import { escapeHtml } from '../../domain/html';
import type { MailMessage } from './mailer';

/**
 * Email content. Every message has a plain-text part (read by text-only clients and by
 * tests) and an HTML part in which every user-supplied value is escaped: a first name like
 * `<img src=x onerror=…>` must arrive as text.
 */

interface Layout {
  to: string;
  subject: string;
  greetingName: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footnote?: string;
}

function render(layout: Layout): MailMessage {
  const { to, subject, greetingName, paragraphs, action, footnote } = layout;
  const text = [
    `Hello ${greetingName},`,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
    ...(footnote ? [footnote, ''] : []),
    '— Bulwark',
  ].join('\n');

  const html = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2933">',
    `<p>Hello ${escapeHtml(greetingName)},</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    action
      ? `<p><a href="${escapeHtml(action.url)}" style="background:#0b5cad;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${escapeHtml(action.label)}</a></p>` +
        `<p style="font-size:12px;color:#52606d">Or open this link: ${escapeHtml(action.url)}</p>`
      : '',
    footnote ? `<p style="font-size:12px;color:#52606d">${escapeHtml(footnote)}</p>` : '',
    '<p>— Bulwark</p></body></html>',
  ].join('');

  return { to, subject, text, html };
}

export function activationEmail(to: string, firstName: string, url: string): MailMessage {
  return render({
    to,
    subject: 'Activate your Bulwark account',
    greetingName: firstName,
    paragraphs: [
      'Thanks for signing up for Bulwark. Your 14-day free trial has started: activate your account to sign in.',
    ],
    action: { label: 'Activate account', url },
    footnote: "If you didn't sign up for Bulwark, you can ignore this email.",
  });
}

/** Sent instead of a second account when someone signs up with a registered address. */
export function alreadyRegisteredEmail(to: string, firstName: string, url: string): MailMessage {
  return render({
    to,
    subject: 'You already have a Bulwark account',
    greetingName: firstName,
    paragraphs: [
      'Someone tried to sign up for Bulwark with this email address, which already has an account.',
      'If it was you, sign in instead. If you forgot your password, choose "Forgot your password?" on the sign-in page.',
    ],
    action: { label: 'Sign in to Bulwark', url },
    footnote: "If it wasn't you, no action is needed: your account is unchanged.",
  });
}

export function passwordResetEmail(to: string, firstName: string, url: string): MailMessage {
  return render({
    to,
    subject: 'Reset your Bulwark password',
    greetingName: firstName,
    paragraphs: ['We received a request to reset the password of your Bulwark account.'],
    action: { label: 'Choose a new password', url },
    footnote:
      "This link is valid for 1 hour and can be used once. If you didn't ask for it, ignore this email: your password stays the same.",
  });
}

export function passwordChangedEmail(to: string, firstName: string): MailMessage {
  return render({
    to,
    subject: 'Your Bulwark password was changed',
    greetingName: firstName,
    paragraphs: [
      'The password of your Bulwark account was just changed, and other signed-in sessions were signed out.',
      "If you didn't do this, reset your password immediately and contact support.",
    ],
  });
}
