import { z } from 'zod';

/**
 * Typed configuration parsed from the Worker's bindings. Parsed once per isolate (per Env
 * object) so a misconfigured deployment fails loudly on its first request instead of
 * half-working, and so handlers read `config.devMode` rather than comparing strings.
 */

const flag = z
  .enum(['true', 'false', ''])
  .optional()
  .transform((v) => v === 'true');

const ConfigSchema = z
  .object({
    DEV_MODE: flag,
    MAIL_TRANSPORT: z.enum(['outbox', 'http']),
    MAIL_FROM: z.string().min(3),
    MAIL_API_URL: z.union([z.url(), z.literal('')]).optional(),
    MAIL_API_KEY: z.string().optional(),
    /** Public origin for links in emails; empty in development means "the request's origin". */
    APP_URL: z.union([z.url(), z.literal('')]).optional(),
    TOKEN_PEPPER: z.string().min(16, 'TOKEN_PEPPER must be at least 16 characters'),
  })
  .superRefine((v, ctx) => {
    if (v.MAIL_TRANSPORT === 'http' && (!v.MAIL_API_URL || !v.MAIL_API_KEY)) {
      ctx.addIssue({
        code: 'custom',
        message: 'MAIL_TRANSPORT=http needs MAIL_API_URL and MAIL_API_KEY',
      });
    }
    if (!v.DEV_MODE && v.MAIL_TRANSPORT === 'outbox') {
      ctx.addIssue({ code: 'custom', message: 'the outbox mail transport is for DEV_MODE only' });
    }
    if (!v.DEV_MODE && !v.APP_URL) {
      // Outside development, links in emails must not be built from a Host header.
      ctx.addIssue({ code: 'custom', message: 'APP_URL is required when DEV_MODE is off' });
    }
  })
  .transform((v) => ({
    devMode: v.DEV_MODE,
    mail: {
      transport: v.MAIL_TRANSPORT,
      from: v.MAIL_FROM,
      apiUrl: v.MAIL_API_URL || undefined,
      apiKey: v.MAIL_API_KEY || undefined,
    },
    appUrl: v.APP_URL ? v.APP_URL.replace(/\/+$/, '') : undefined,
    tokenPepper: v.TOKEN_PEPPER,
  }));

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const cache = new WeakMap<object, Config>();

export function getConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    // Names the offending settings only; values may be secrets.
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || 'config'}: ${i.message}`,
    );
    throw new ConfigError(`Invalid Worker configuration: ${problems.join('; ')}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
