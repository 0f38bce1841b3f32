// The fields of one server entry that matter, wherever the client's shape keeps them.

export type Dict = Record<string, unknown>;

export const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
export const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
export const dict = (value: unknown): Dict => (isDict(value) ? value : {});

/** The fields that matter, wherever the client's shape keeps them. */
export interface Spec {
  url?: string;
  command?: string;
  args: string[];
  env: Dict;
  headers: Dict;
  type?: { field: string; value: string };
}

export function specOf(raw: Dict): Spec {
  // Continue's older shape nests everything under `transport: { type, url, command, args }`.
  const nested = dict(raw.transport);
  const src: Dict = { ...raw, ...nested };
  // Zed's `context_servers` nest the program as `command: { path, args, env }`.
  const program = isDict(src.command)
    ? src.command
    : { path: src.command, args: src.args, env: src.env };
  const typeField = ['type', 'transport', 'transportType'].find((f) => text(src[f]) !== undefined);
  const spec: Spec = {
    url: text(src.url) ?? text(src.serverUrl) ?? text(src.httpUrl),
    command: text(program.path),
    args: texts(program.args),
    env: dict(program.env),
    headers: { ...dict(dict(src.requestOptions).headers), ...dict(src.headers) },
  };
  if (typeField) {
    const field = isDict(raw.transport) ? `transport.${typeField}` : typeField;
    spec.type = { field, value: text(src[typeField]) ?? '' };
  }
  return spec;
}
