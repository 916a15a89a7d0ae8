/**
 * The intrinsic functions CloudFormation evaluates in a stack's resources and
 * outputs, for the sandbox: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select,
 * Fn::Split, Fn::FindInMap, Fn::GetAZs, Fn::Base64 and the condition
 * functions. One it does not simulate fails loudly.
 */
import type { ParsedTemplate } from '../../../aws/cloudformation-template.js';
import { unsupported } from '../lib/errors.js';

export interface EvalEnv {
  template: ParsedTemplate;
  parameters: Record<string, string>;
  pseudo: Record<string, string>;
  /** A resource's physical id (Ref) and attributes (GetAtt), once it exists. */
  physicalId(logicalId: string): string;
  attribute(logicalId: string, name: string): string;
  regionName: string;
}

/** AWS::NoValue: the property is dropped. */
const NO_VALUE = Symbol('AWS::NoValue');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function asText(v: unknown): string {
  if (Array.isArray(v)) return v.map(asText).join(',');
  return v === undefined || v === null ? '' : String(v);
}

function ref(env: EvalEnv, name: string): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in env.pseudo) return env.pseudo[name];
  if (name in env.parameters) {
    const type = env.template.parameters[name]?.Type ?? 'String';
    const value = env.parameters[name]!;
    return type.startsWith('List<') || type === 'CommaDelimitedList' ? value.split(',') : value;
  }
  return env.physicalId(name);
}

function sub(env: EvalEnv, arg: unknown): string {
  const [text, vars] = Array.isArray(arg) ? [String(arg[0]), isObject(arg[1]) ? arg[1] : {}] : [String(arg), {}];
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in vars) return asText(evaluate(env, vars[name]));
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return env.attribute(name.slice(0, dot), name.slice(dot + 1));
    return asText(ref(env, name));
  });
}

export function conditionHolds(env: EvalEnv, name: string): boolean {
  const c = env.template.conditions[name];
  if (c === undefined) throw unsupported('cloudformation', 'CreateStack', `: condition ${name} is not defined`);
  return Boolean(evaluate(env, c));
}

export function evaluate(env: EvalEnv, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluate(env, v)).filter((v) => v !== NO_VALUE);
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [fn] = keys as [string];
    const arg = value[fn];
    switch (fn) {
      case 'Ref':
        return ref(env, String(arg));
      case 'Condition':
        return conditionHolds(env, String(arg));
      case 'Fn::GetAtt': {
        const [logical, attr] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        return env.attribute(logical ?? '', attr ?? '');
      }
      case 'Fn::Join': {
        const [sep, list] = arg as [string, unknown];
        return (evaluate(env, list) as unknown[]).map(asText).join(sep);
      }
      case 'Fn::Sub':
        return sub(env, arg);
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        return (evaluate(env, list) as unknown[])[Number(evaluate(env, index))];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        return asText(evaluate(env, text)).split(sep);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = (arg as unknown[]).map((a) => asText(evaluate(env, a)));
        return env.template.mappings[map!]?.[top!]?.[second!];
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((z) => `${env.regionName}${z}`);
      case 'Fn::Base64':
        return Buffer.from(asText(evaluate(env, arg))).toString('base64');
      case 'Fn::If': {
        const [cond, yes, no] = arg as [string, unknown, unknown];
        return evaluate(env, conditionHolds(env, cond) ? yes : no);
      }
      case 'Fn::Equals': {
        const [a, b] = (arg as unknown[]).map((x) => asText(evaluate(env, x)));
        return a === b;
      }
      case 'Fn::Not':
        return !evaluate(env, (arg as unknown[])[0]);
      case 'Fn::And':
        return (arg as unknown[]).every((x) => Boolean(evaluate(env, x)));
      case 'Fn::Or':
        return (arg as unknown[]).some((x) => Boolean(evaluate(env, x)));
      default:
        if (fn.startsWith('Fn::')) throw unsupported('cloudformation', 'CreateStack', ` with ${fn}`);
    }
  }
  return Object.fromEntries(
    Object.entries(value)
      .map(([k, v]) => [k, evaluate(env, v)] as const)
      .filter(([, v]) => v !== NO_VALUE),
  );
}

export function evaluateText(env: EvalEnv, value: unknown): string {
  return asText(evaluate(env, value));
}
