/**
 * References to values that exist only at run time: a parameter's value or an
 * earlier step's output. Step options hold refs; the engine resolves them
 * before calling a step, and derives the step graph from them.
 */
const REF = Symbol.for('runbook.ref');
const FIRST_OF = Symbol.for('runbook.firstOf');
const DERIVED = Symbol.for('runbook.derived');

export interface Ref<T = unknown> {
  readonly [REF]: true;
  /** `params` for a parameter, otherwise the id of the step that outputs the value. */
  readonly source: string;
  readonly key: string;
  /** Phantom field so that Ref<string> and Ref<number> stay distinct types. */
  readonly __type?: T;
}

export type RefsOf<T> = { readonly [K in keyof T]-?: Ref<T[K]> };

/** A value, or a ref to one, at any depth of an options object. */
export type Resolvable<T> = T extends Ref
  ? T
  : T extends readonly (infer E)[]
    ? readonly Resolvable<E>[] | Ref<T>
    : T extends object
      ? { [K in keyof T]: Resolvable<T[K]> } | Ref<T>
      : T | Ref<T>;

/** The first of these values that is defined at run time: `firstOf(params.amiId, ami.out.imageId)`. */
export interface FirstOf<T = unknown> {
  readonly [FIRST_OF]: readonly unknown[];
  readonly __type?: T;
}

export function firstOf<T>(...candidates: (T | Ref<T> | Ref<T | undefined> | undefined)[]): Ref<T> {
  // Typed as a Ref so step options accept it; the engine resolves it like one.
  return Object.freeze({ [FIRST_OF]: candidates }) as unknown as Ref<T>;
}

function isFirstOf(value: unknown): value is FirstOf {
  return typeof value === 'object' && value !== null && FIRST_OF in value;
}

/** A value computed at run time from another: `derived(params.dnsName, 'the 2nd name', nthName(2))`. */
interface Derived {
  readonly [DERIVED]: { of: unknown; describe: string; compute: (value: never) => unknown };
}

/**
 * A value computed from a ref when the ref is known (the name of a fleet's
 * nth member from the first one's). `describe` stands for it in `show`, in
 * the definition hash and in a dry-run that does not know the ref yet.
 */
export function derived<T, R>(of: Resolvable<T>, describe: string, compute: (value: T) => R): Ref<R> {
  return Object.freeze({ [DERIVED]: { of, describe, compute } }) as unknown as Ref<R>;
}

function isDerived(value: unknown): value is Derived {
  return typeof value === 'object' && value !== null && DERIVED in value;
}

/** A step's options: each field a value or a ref. */
export type Inputs<T> = { [K in keyof T]: Resolvable<T[K]> };

export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[REF] === true;
}

export function makeRef<T>(source: string, key: string): Ref<T> {
  return Object.freeze({ [REF]: true as const, source, key });
}

/** A typed proxy whose every property is a ref: `launch.out.instanceId`. */
export function refsOf<T>(source: string): RefsOf<T> {
  return new Proxy({} as RefsOf<T>, {
    get: (_target, key) => (typeof key === 'string' ? makeRef(source, key) : undefined),
  });
}

export function refLabel(ref: Ref): string {
  return `<${ref.source}.${ref.key}>`;
}

/** Every ref inside a value (options objects, arrays, nested). */
export function collectRefs(value: unknown, into: Ref[] = []): Ref[] {
  if (isRef(value)) into.push(value);
  else if (isFirstOf(value)) collectRefs(value[FIRST_OF], into);
  else if (isDerived(value)) collectRefs(value[DERIVED].of, into);
  else if (Array.isArray(value)) for (const v of value) collectRefs(v, into);
  else if (isPlainObject(value)) for (const v of Object.values(value)) collectRefs(v, into);
  return into;
}

/** Every object inside a value, the value itself included (options objects, arrays, nested). */
export function collectValues(value: unknown, into: object[] = []): object[] {
  if (typeof value !== 'object' || value === null || isRef(value) || isDerived(value)) return into;
  into.push(value);
  if (isFirstOf(value)) collectValues(value[FIRST_OF], into);
  else if (Array.isArray(value)) for (const v of value) collectValues(v, into);
  else if (isPlainObject(value)) for (const v of Object.values(value)) collectValues(v, into);
  return into;
}

export interface ResolveResult<T> {
  value: T;
  /** Refs that had no value yet (only in a dry-run): rendered as `<step.key>`. */
  unresolved: Ref[];
}

export type Lookup = (ref: Ref) => { found: true; value: unknown } | { found: false };

/** Replace refs by their values; a ref with no value becomes its label. */
export function resolveRefs<T>(value: unknown, lookup: Lookup): ResolveResult<T> {
  const unresolved: Ref[] = [];
  const walk = (v: unknown): unknown => {
    if (isRef(v)) {
      const hit = lookup(v);
      if (hit.found) return hit.value;
      unresolved.push(v);
      return refLabel(v);
    }
    if (isFirstOf(v)) {
      // A candidate not known yet (dry-run) decides nothing: show it as its label.
      for (const c of v[FIRST_OF]) {
        if (isRef(c)) {
          const hit = lookup(c);
          if (!hit.found) {
            unresolved.push(c);
            return refLabel(c);
          }
          if (hit.value !== undefined) return hit.value;
        } else if (c !== undefined) return walk(c);
      }
      return undefined;
    }
    if (isDerived(v)) {
      const { of, describe, compute } = v[DERIVED];
      const before = unresolved.length;
      const base = walk(of);
      // Not known yet (dry-run): the derived value is shown by what it stands for.
      return unresolved.length > before ? `<${describe}>` : compute(base as never);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value) as T, unresolved };
}

/** A stable text form of options, refs included, used for the definition hash. */
export function describeValue(value: unknown): unknown {
  if (isRef(value)) return refLabel(value);
  if (isFirstOf(value)) return { firstOf: value[FIRST_OF].map(describeValue) };
  if (isDerived(value)) return { derived: value[DERIVED].describe, of: describeValue(value[DERIVED].of) };
  if (Array.isArray(value)) return value.map(describeValue);
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, describeValue(value[k])]),
    );
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
