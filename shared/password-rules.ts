/**
 * What a staff password must not be, checked by the hub on every password it stores and by the
 * staff app beside the field before the form is sent (so both say the same words). Length first;
 * then the passwords people pick when told "at least 10 characters": one key held down, a short
 * run repeated, a row of the keyboard or the alphabet, a common word with digits after it, the
 * login itself. The word list is small and bundled: no network, nothing to update.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Runs people type instead of a password: digits, alphabets, keyboard rows (Latin and Russian). */
const SEQUENCES = [
  '01234567890123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  'qwertyuiop[]asdfghjkl;zxcvbnm,./',
  'йцукенгшщзхъфывапролджэячсмитьбю.',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
  '1й2ц3у4к5е6н7г8ш9щ0з',
  'qazwsxedcrfvtgbyhnujmikolp',
];

/** Words that make a password guessable whatever digits follow them. */
const COMMON_WORDS = new Set([
  'password', 'passw0rd', 'pass', 'qwerty', 'qwertyuiop', 'admin', 'administrator', 'root', 'user', 'login', 'welcome', 'letmein',
  'iloveyou', 'monkey', 'dragon', 'master', 'football', 'baseball', 'superman', 'batman', 'shadow', 'sunshine', 'princess', 'starwars',
  'trustno1', 'whatever', 'freedom', 'secret', 'changeme', 'default', 'test', 'testtest', 'guest', 'abc', 'abcd', 'qwe', 'asd', 'zxc',
  'qweasd', 'qweasdzxc', 'asdfgh', 'zxcvbn', 'zxcvbnm', 'qazwsx', 'michael', 'jennifer', 'hello', 'hellohello', 'computer', 'internet',
  'samsung', 'google', 'yandex', 'mail', 'russia', 'moscow', 'kostroma', 'czn', 'cznko', 'czn44', 'kostroma44', 'rabota', 'trud',
  'пароль', 'парольпароль', 'админ', 'администратор', 'привет', 'люблю', 'любовь', 'солнышко', 'кострома', 'россия', 'москва',
  'работа', 'цзн', 'центрзанятости', 'йцукен', 'фывапролдж', 'наташа', 'светлана', 'татьяна', 'елена', 'ольга', 'ирина',
  'marina', 'natasha', 'svetlana', 'tatiana', 'elena', 'olga', 'irina', 'sergey', 'alexander', 'dmitry', 'andrey', 'vladimir',
  'zenit', 'spartak', 'cska', 'dinamo', 'lokomotiv', 'maxim', 'nikita', 'qwerty123', 'password123', 'iloveu',
]);

const isRepeatedUnit = (text: string): boolean => {
  for (let unit = 1; unit <= 5; unit++) {
    const head = text.slice(0, unit);
    if (head.repeat(Math.ceil(text.length / unit)).slice(0, text.length) === text) return true;
  }
  return false;
};

const isSequence = (text: string): boolean => {
  const reversed = [...text].reverse().join('');
  return SEQUENCES.some((run) => run.includes(text) || run.includes(reversed));
};

/** The word under the digits and signs people add to satisfy a length rule. */
const core = (text: string): string => text.replace(/^\P{L}+/u, '').replace(/\P{L}+$/u, '');

/** Why a password will not do, in Russian, or null when it will. `login`: the account's own login. */
export function passwordProblem(password: string, login?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `пароль короче ${PASSWORD_MIN_LENGTH} знаков`;
  if (password.length > PASSWORD_MAX_LENGTH) return `пароль длиннее ${PASSWORD_MAX_LENGTH} знаков`;
  const lower = password.toLocaleLowerCase('ru');
  if (new Set(lower).size <= 2 || isRepeatedUnit(lower)) return 'пароль из повторяющихся знаков: такой подбирают первым';
  if (isSequence(lower)) return 'пароль — ряд клавиш или цифр подряд: такой подбирают первым';
  const word = core(lower);
  if (COMMON_WORDS.has(lower) || COMMON_WORDS.has(word) || word.length <= 2 || isSequence(word) || isRepeatedUnit(word)) {
    return 'пароль из частых слов и цифр: такой подбирают первым';
  }
  const name = login?.trim().toLocaleLowerCase('ru') ?? '';
  if (name.length >= 3 && lower.includes(name)) return 'пароль содержит логин';
  return null;
}
