import * as z from 'zod';
import { findEmailProblem } from '#shared/domain/identity/email.ts';
import { checkPassword, PASSWORD_MAX_LENGTH } from '#shared/domain/identity/password-policy.ts';
import { findPhoneProblem } from '#shared/domain/identity/phone.ts';
import { ROLES } from '#shared/domain/identity/roles.ts';
import { idPath, pageQuery } from '../common-schemas.ts';

// Edge schemas: they run the domain's own rules so one 400 lists every broken field.
const email = z
  .string()
  .max(320)
  .superRefine((value, ctx) => {
    const problem = findEmailProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const newPassword = z.string().superRefine((value, ctx) => {
  for (const violation of checkPassword(value)) ctx.addIssue({ code: 'custom', message: violation.message });
});

const phone = z
  .string()
  .max(32)
  .superRefine((value, ctx) => {
    const problem = findPhoneProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const name = z.string().trim().min(1).max(100);

const address = z
  .object({
    line1: z.string().trim().min(1).max(100),
    line2: z.string().trim().max(100).optional(),
    city: z.string().trim().min(1).max(100),
    postalCode: z.string().trim().min(1).max(16),
    country: z.string().length(2),
  })
  .strict();

export const registerBody = z.object({ email, password: newPassword, name, phone: phone.optional() }).strict();
export type RegisterBody = z.infer<typeof registerBody>;

// Login does not re-check the policy: an old password that predates a stricter rule must still work.
export const loginBody = z
  .object({
    email: z.string().min(1).max(320),
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_LENGTH * 4),
  })
  .strict();

export const refreshBody = z.object({ refreshToken: z.string().min(20).max(200) }).strict();

export const updateMeBody = z
  .object({ name: name.optional(), phone: phone.nullable().optional(), address: address.nullable().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one of name, phone, address' });
export type UpdateMeBody = z.infer<typeof updateMeBody>;

export const setRolesBody = z.object({ roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length) }).strict();

export const userIdPath = idPath;
export { pageQuery };
