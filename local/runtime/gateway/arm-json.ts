// Reading an ARM record's stored JSON: sub-resource collections, id references, typed fields.

export type Json = Record<string, unknown>;

/** A gateway sub-resource (`{ name, id, properties }`): `id` in lower case, `armId` as stored. */
export interface SubResource {
  name: string;
  id: string;
  armId: string;
  props: Json;
}

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The items of `props[key]`; an item without an id gets the one ARM gives it. */
export function collection(props: Json, key: string, gatewayId: string): SubResource[] {
  const list = props[key];
  if (!Array.isArray(list)) return [];
  return list.filter(isJson).map((item) => {
    const name = typeof item.name === 'string' ? item.name : '';
    const id = typeof item.id === 'string' ? item.id : `${gatewayId}/${key}/${name}`;
    return {
      name,
      id: id.toLowerCase(),
      armId: id,
      props: isJson(item.properties) ? item.properties : {},
    };
  });
}

/** The lower-case id a `{ id }` reference names, if any. */
export function ref(value: unknown): string | undefined {
  return isJson(value) && typeof value.id === 'string' ? value.id.toLowerCase() : undefined;
}

export function refs(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap((v) => ref(v) ?? []) : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function protocolOf(value: unknown): 'Http' | 'Https' {
  return typeof value === 'string' && value.toLowerCase() === 'https' ? 'Https' : 'Http';
}
