import { readFileSync } from 'node:fs';
import { z } from './zod.ts';

/**
 * Reads a component's configuration once, at start: a JSON file (optional) overlaid with
 * environment variables, validated by the component's zod schema. The caller prints the message
 * and exits 1 on failure; nothing else in the program reads process.env.
 */
/** `secret`: a password or key; a refusal names the key but never prints the value. */
export type EnvBinding = { key: string; path: readonly string[]; type: 'string' | 'int' | 'bool' | 'list'; secret?: true };

export type ConfigResult<T> = { ok: true; value: T } | { ok: false; message: string };

interface ConfigSources {
  env: Record<string, string | undefined>;
  /** Path of the JSON file, or null for none. A path that was named but cannot be read is an error. */
  file: string | null;
  bindings: readonly EnvBinding[];
}

export function loadConfig<S extends z.ZodType>(schema: S, sources: ConfigSources): ConfigResult<z.infer<S>> {
  let raw: Record<string, unknown> = {};
  if (sources.file) {
    try {
      raw = JSON.parse(readFileSync(sources.file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      return { ok: false, message: `файл настроек ${sources.file} не прочитан: ${(error as Error).message}` };
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: `файл настроек ${sources.file}: ожидается JSON-объект` };
  }
  const origin = new Map<string, string>();
  for (const binding of sources.bindings) {
    const text = sources.env[binding.key];
    if (text === undefined || text === '') continue;
    setPath(raw, binding.path, convert(text, binding.type));
    origin.set(binding.path.join('.'), binding.key);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const lines = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const envKey = origin.get(path);
    const where = envKey ? `${envKey} (переменная окружения)` : `${path || '(корень)'}${sources.file ? ` (файл ${sources.file})` : ''}`;
    const value = getPath(raw, issue.path.map(String));
    const secret = sources.bindings.some((b) => b.secret && b.path.join('.') === path);
    return `  ${where} = ${value === undefined ? '(не задано)' : secret ? '(значение скрыто)' : JSON.stringify(value)}: ${issue.message}`;
  });
  return { ok: false, message: `Ошибка в настройках:\n${lines.join('\n')}` };
}

// Numbers that do not parse stay strings, so the schema reports the value exactly as it was given.
function convert(text: string, type: EnvBinding['type']): unknown {
  switch (type) {
    case 'int':
      return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    case 'bool':
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text;
    case 'list':
      return text.split(',').map((part) => part.trim()).filter(Boolean);
    case 'string':
      return text;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function getPath(target: unknown, path: readonly string[]): unknown {
  let node: unknown = target;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
