import * as z from '#shared/zod.ts';
import { findEmailProblem } from '#shared/domain/identity/email.ts';
import { checkPassword, PASSWORD_MAX_LENGTH } from '#shared/domain/identity/password-policy.ts';
import { findPhoneProblem } from '#shared/domain/identity/phone.ts';
import { ROLES } from '#shared/domain/identity/roles.ts';
import { idPath, pageQuery } from '../common-schemas.ts';

// Edge schemas: they run the domain's own rules so one 400 lists every broken field.
/** A string schema that reports the domain rule's problem, if any, as a custom issue. */
const ruled = (maxLength: number, findProblem: (value: string) => string | undefined) =>
  z.string().check(
    z.maxLength(maxLength),
    z.superRefine((value: string, ctx) => {
      const problem = findProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  );

const email = ruled(320, findEmailProblem);

const newPassword = z.string().check(
  z.superRefine((value, ctx) => {
    for (const violation of checkPassword(value)) ctx.addIssue({ code: 'custom', message: violation.message });
  }),
);

const phone = ruled(32, findPhoneProblem);

/** Trimmed text of `min` to `max` characters. */
const text = (min: number, max: number) => z.string().check(z.trim(), ...(min > 0 ? [z.minLength(min)] : []), z.maxLength(max));
const name = text(1, 100);

const address = z.strictObject({
  line1: text(1, 100),
  line2: z.optional(text(0, 100)),
  city: text(1, 100),
  postalCode: text(1, 16),
  country: z.string().check(z.length(2)),
});

export const registerBody = z.strictObject({ email, password: newPassword, name, phone: z.optional(phone) });
export type RegisterBody = z.infer<typeof registerBody>;

// Login does not re-check the policy: an old password that predates a stricter rule must still work.
export const loginBody = z.strictObject({
  email: z.string().check(z.minLength(1), z.maxLength(320)),
  password: z.string().check(z.minLength(1), z.maxLength(PASSWORD_MAX_LENGTH * 4)),
});

export const refreshBody = z.strictObject({ refreshToken: z.string().check(z.minLength(20), z.maxLength(200)) });

export const updateMeBody = z
  .strictObject({ name: z.optional(name), phone: z.optional(z.nullable(phone)), address: z.optional(z.nullable(address)) })
  .check(z.refine((body) => Object.keys(body).length > 0, { message: 'Send at least one of name, phone, address' }));
export type UpdateMeBody = z.infer<typeof updateMeBody>;

export const setRolesBody = z.strictObject({ roles: z.array(z.enum(ROLES)).check(z.minLength(1), z.maxLength(ROLES.length)) });

export const userIdPath = idPath;
export { pageQuery };
