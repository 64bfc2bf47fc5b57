/**
 * Some of the most used and most breached passwords (from public top-password lists such as SecLists and the
 * NCSC top 100k), lower-cased. Short entries are already refused by length; the longer ones and their
 * predictable decorations are what this list is for. Compared case-insensitively by the password policy.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456', 'password', '123456789', '12345678', '12345', 'qwerty', '1234567', '111111', '1234567890', '123123',
  'abc123', '1234', 'password1', 'iloveyou', '1q2w3e4r', '000000', 'qwerty123', 'zaq12wsx', 'dragon', 'sunshine',
  'princess', 'letmein', '654321', 'monkey', '27653', '1qaz2wsx', '123321', 'qwertyuiop', 'superman', 'asdfghjkl',
  'trustno1', 'football', 'baseball', 'welcome', 'shadow', 'master', 'michael', 'jennifer', 'hunter2', 'starwars',
  '12345678910', '123456789a', 'a123456789', '1234qwer', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5y6', 'qwe123',
  'qweasdzxc', 'qazwsx', 'qazwsxedc', 'zxcvbnm', 'zxcvbnm123', 'asdf1234', 'asdfasdf', 'aaaaaa', 'aaaaaaaa',
  '11111111', '88888888', '12341234', '87654321', '123654789', '147258369', '123123123', '987654321', '999999999',
  '555555555', '1111111111', '0987654321', '123456789012', '1234567891011', 'qwerty12345', 'qwerty123456',
  'qwertyuiop123', 'qwerty1234', 'qwerty1!', 'qwerty123!', 'password12', 'password123', 'password1234',
  'password12345', 'password123!', 'password1!', 'password!', 'password@123', 'password2024', 'password2025',
  'passw0rd', 'passw0rd!', 'p@ssw0rd', 'p@ssw0rd!', 'p@ssw0rd1', 'p@ssword', 'p@ssword1', 'p@ssword123',
  'pa$$w0rd', 'pa$$word', 'mypassword', 'secretpassword', 'changeme', 'changeme123', 'changeme!', 'letmein123',
  'letmein!', 'welcome1', 'welcome123', 'welcome123!', 'welcome@123', 'welcome2024', 'admin', 'admin123',
  'admin1234', 'admin@123', 'administrator', 'root1234', 'toor1234', 'test1234', 'test12345', 'testtest',
  'guest1234', 'default1', 'iloveyou1', 'iloveyou123', 'iloveyou!', 'sunshine1', 'sunshine123', 'princess1',
  'football1', 'football123', 'baseball1', 'superman123', 'batman123', 'starwars1', 'pokemon123', 'whatever1',
  'trustno1!', 'freedom123', 'computer', 'computer1', 'internet', 'samsung123', 'google123', 'facebook1',
  'liverpool1', 'chelsea123', 'arsenal123', 'charlie123', 'michael1', 'jordan23', 'basketball', 'blink182',
  'cheese123', 'chocolate', 'butterfly', 'sweetheart', 'spiderman', 'midnight', 'mustang1', 'matrix123',
  'summer2024', 'summer2025', 'spring2025', 'winter2024', 'autumn2024', 'january2025', 'letmeinplease',
  'qwertyqwerty', 'abcd1234', 'abcdefgh', 'abcdefg1', 'abc12345', 'abc123456', 'a1b2c3d4', 'a1b2c3d4e5',
  'aa123456', 'aa12345678', '1a2b3c4d', 'zaq1zaq1', '!qaz2wsx', '1qaz!qaz', '1qazxsw2', 'q1w2e3r4',
  'q1w2e3r4t5', 'iloveyou2', 'loveyou123', 'lovely123', 'monkey123', 'dragon123', 'shadow123', 'master123',
  'hello123', 'hello1234', 'helloworld', 'secret123', 'killer123', 'soccer123', 'hockey123', 'ninja123',
]);
