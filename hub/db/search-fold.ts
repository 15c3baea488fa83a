/**
 * Case folded, ё as е: the register's words as written (register-rows.ts, searchWords), the words
 * searched for (register-query.ts) and the old entries' words folded again (migration 0032) alike.
 */
export const foldForSearch = (text: string): string => text.toLowerCase().replaceAll('ё', 'е');
