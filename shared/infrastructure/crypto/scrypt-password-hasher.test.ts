import { describe, expect, it } from 'vitest';
import { PasswordHashFormatError, scryptPasswordHasher } from './scrypt-password-hasher.ts';

// Cheap parameters keep the suite fast; one test below runs at the real (OWASP) cost.
const cheap = scryptPasswordHasher({ cost: { ln: 4, r: 8, p: 1 } });
const PASSWORD = 'correct horse battery staple';

const flipFirstCharacter = (text: string): string => `${text[0] === 'A' ? 'B' : 'A'}${text.slice(1)}`;

describe('scryptPasswordHasher', () => {
  it('writes a self-describing scrypt$ln,r,p$salt$hash string with a 16-byte salt and 32-byte key', async () => {
    // Act
    const stored = await cheap.hash(PASSWORD);

    // Assess
    const [scheme, params, salt, key] = stored.split('$');
    expect(scheme).toBe('scrypt');
    expect(params).toBe('ln=4,r=8,p=1');
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(32);
    expect(stored).not.toContain('=,');
  });

  it('salts every hash, so the same password hashes differently each time', async () => {
    expect(await cheap.hash(PASSWORD)).not.toBe(await cheap.hash(PASSWORD));
  });

  it.each([
    ['the same password', PASSWORD, true],
    ['a wrong password', 'correct horse battery stapler', false],
    ['the password in another case', PASSWORD.toUpperCase(), false],
    ['an empty password', '', false],
  ])('verifies %s as %s', async (_case, candidate, expected) => {
    // Prepare
    const stored = await cheap.hash(PASSWORD);

    // Act
    const matches = await cheap.verify(candidate, stored);

    // Assess
    expect(matches).toBe(expected);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    // Prepare
    const stored = await cheap.hash('Crème brûlée 42');

    // Act
    const matches = await cheap.verify('Cre\u0300me bru\u0302le\u0301e 42', stored);

    // Assess
    expect(matches).toBe(true);
  });

  it.each([
    ['the hash', (parts: string[]) => [parts[0], parts[1], parts[2], flipFirstCharacter(parts[3] ?? '')]],
    ['the salt', (parts: string[]) => [parts[0], parts[1], flipFirstCharacter(parts[2] ?? ''), parts[3]]],
    ['the cost', (parts: string[]) => [parts[0], 'ln=5,r=8,p=1', parts[2], parts[3]]],
  ])('rejects the right password when %s was tampered with', async (_case, tamper) => {
    // Prepare
    const stored = await cheap.hash(PASSWORD);
    const tampered = tamper(stored.split('$')).join('$');

    // Act
    const matches = await cheap.verify(PASSWORD, tampered);

    // Assess
    expect(matches).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['a bcrypt hash', '$2b$12$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234'],
    ['an absurd cost', 'scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
    ['a missing salt', 'scrypt$ln=4,r=8,p=1$$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
  ])('raises PasswordHashFormatError for %s instead of answering', async (_case, stored) => {
    await expect(cheap.verify(PASSWORD, stored)).rejects.toThrow(PasswordHashFormatError);
  });

  it.each([
    ['the same cost', { ln: 4, r: 8, p: 1 }, false],
    ['a lower N', { ln: 3, r: 8, p: 1 }, true],
    ['a lower r', { ln: 4, r: 4, p: 1 }, true],
    ['a higher N', { ln: 5, r: 8, p: 1 }, false],
  ])('needsRehash is %s for a hash made with %s', async (_case, cost, expected) => {
    // Prepare
    const stored = await scryptPasswordHasher({ cost }).hash(PASSWORD);

    // Act
    const needed = cheap.needsRehash(stored);

    // Assess
    expect(needed).toBe(expected);
  });

  it('needs a rehash when the salt is shorter than today', async () => {
    // Prepare
    const stored = await scryptPasswordHasher({ cost: { ln: 4, r: 8, p: 1 }, saltBytes: 8 }).hash(PASSWORD);

    // Act + Assess
    expect(cheap.needsRehash(stored)).toBe(true);
  });

  it('verifies a hash made at another cost, reading the parameters from the stored string', async () => {
    // Prepare
    const stored = await scryptPasswordHasher({ cost: { ln: 5, r: 4, p: 2 } }).hash(PASSWORD);

    // Act + Assess
    expect(await cheap.verify(PASSWORD, stored)).toBe(true);
  });

  it('hashes and verifies at the default OWASP cost (N=2^17, r=8, p=1) without exceeding maxmem', { timeout: 20_000 }, async () => {
    // Prepare
    const hasher = scryptPasswordHasher();

    // Act
    const stored = await hasher.hash(PASSWORD);

    // Assess
    expect(stored).toMatch(/^scrypt\$ln=17,r=8,p=1\$/);
    expect(await hasher.verify(PASSWORD, stored)).toBe(true);
    expect(await hasher.verify('wrong password!', stored)).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });
});
