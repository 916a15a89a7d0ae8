/**
 * EC2-style `Filters` ({Name, Values}) and tags, shared by every service that
 * has them. Values may use `*` and `?` wildcards; values of one filter are
 * alternatives, filters must all match; an unknown filter name is refused as
 * EC2 does, so a typo never matches everything.
 */
import { awsError } from './errors.js';
import type { Tags } from '../../account/state.js';

export interface Filter {
  Name?: string;
  Values?: string[];
}

type FieldValue = string | number | boolean | undefined | null | readonly (string | number | boolean | undefined)[];
export type FilterFields<T> = Record<string, (item: T) => FieldValue>;

function pattern(value: string): RegExp {
  const body = value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function valuesOf(field: FieldValue): string[] {
  if (field === undefined || field === null) return [];
  return (Array.isArray(field) ? field : [field]).filter((v) => v !== undefined).map(String);
}

const tagsOf = (item: object): Tags => (item as { Tags?: Tags }).Tags ?? {};

function fieldOf<T extends object>(name: string, fields: FilterFields<T>): (item: T) => FieldValue {
  if (name.startsWith('tag:')) return (item) => tagsOf(item)[name.slice(4)];
  if (name === 'tag-key') return (item) => Object.keys(tagsOf(item));
  if (name === 'tag-value') return (item) => Object.values(tagsOf(item));
  const field = fields[name];
  if (!field) throw awsError('InvalidParameterValue', `The filter '${name}' is invalid`);
  return field;
}

export function applyFilters<T extends object>(items: T[], filters: Filter[] | undefined, fields: FilterFields<T>): T[] {
  let result = items;
  for (const filter of filters ?? []) {
    const field = fieldOf(filter.Name ?? '', fields);
    const patterns = (filter.Values ?? []).map(pattern);
    result = result.filter((item) => valuesOf(field(item)).some((v) => patterns.some((p) => p.test(v))));
  }
  return result;
}

/** AWS omits an empty tag set, so the SDK shows `Tags: undefined`. */
export function tagList(tags: Tags): { Key: string; Value: string }[] | undefined {
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return list.length ? list : undefined;
}

export function tagsFrom(list: { Key?: string; Value?: string }[] | undefined): Tags {
  const tags: Tags = {};
  for (const t of list ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  return tags;
}

export interface TagSpecification {
  ResourceType?: string;
  Tags?: { Key?: string; Value?: string }[];
}

/** The tags of `TagSpecifications` that apply to one resource type. */
export function tagsForResource(specs: TagSpecification[] | undefined, resourceType: string): Tags {
  return tagsFrom((specs ?? []).filter((s) => s.ResourceType === resourceType).flatMap((s) => s.Tags ?? []));
}
