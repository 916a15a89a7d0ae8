/**
 * The operator port: everything the engine asks a person. At a terminal the
 * questions go through Inquirer inside the listr2 task tree; in CI nothing is
 * ever asked; tests script the answers.
 */
import type { Choice, PlannedCall } from '../core/calls.js';
import { describeCalls } from './describe-calls.js';
import { terminalText } from './terminal-text.js';

/** Provided by the executor for one step; prompts through it never overlap. */
export interface PromptHost {
  confirm(message: string): Promise<boolean>;
  show(text: string): void;
}

export interface ParamQuestion {
  name: string;
  message: string;
  required: boolean;
  choices?: Choice[];
  validate: (raw: string) => string | undefined;
  secret: boolean;
  default?: string;
}

export interface Operator {
  readonly interactive: boolean;
  /** Confirm a step that changes the account; `calls` is what it will send. */
  confirmStep(step: { id: string; title: string }, calls: PlannedCall[], host: PromptHost): Promise<boolean>;
  /** Show a manual step's instructions; true when the operator says it is done. */
  manualStep(step: { id: string; title: string }, instructions: string, host: PromptHost): Promise<boolean>;
  /** Ask for parameter values before the run starts (interactive only). */
  askParams(questions: ParamQuestion[]): Promise<Record<string, string | undefined>>;
}

/**
 * Ctrl-C at a prompt: Inquirer holds the terminal in raw mode, so the key
 * arrives as its ExitPromptError, not as SIGINT. It is an interruption.
 */
export function isPromptExit(err: unknown): boolean {
  const name = (err as Error | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}


/** CI: never prompts. Running unattended is the consent for mutating steps; manual steps need --ack. */
export class NonInteractiveOperator implements Operator {
  readonly interactive = false;
  async confirmStep(): Promise<boolean> {
    return true;
  }
  async manualStep(): Promise<boolean> {
    return false;
  }
  async askParams(): Promise<Record<string, string | undefined>> {
    throw new Error('A non-interactive run never asks for parameters.');
  }
}

/** A terminal session: Inquirer prompts, rendered by listr2 while the task tree is on screen. */
export class InteractiveOperator implements Operator {
  readonly interactive = true;
  constructor(private readonly yes: boolean) {}

  async confirmStep(step: { id: string; title: string }, calls: PlannedCall[], host: PromptHost): Promise<boolean> {
    if (this.yes) return true;
    return host.confirm(`${step.title} [${step.id}] will call:\n${describeCalls(calls)}\nProceed?`);
  }

  async manualStep(step: { id: string; title: string }, instructions: string, host: PromptHost): Promise<boolean> {
    host.show(terminalText(instructions));
    return host.confirm(`Done with "${step.title}"? (no: stop here; resume later)`);
  }

  async askParams(questions: ParamQuestion[]): Promise<Record<string, string | undefined>> {
    const { input, password, select } = await import('@inquirer/prompts');
    const answers: Record<string, string | undefined> = {};
    for (const q of questions) {
      if (q.choices?.length) {
        const choices = [...(q.required ? [] : [{ value: '', name: '(leave unset: the runbook decides)' }]), ...q.choices];
        const value = await select({ message: q.message, choices });
        answers[q.name] = value === '' ? undefined : value;
        continue;
      }
      const ask = q.secret ? password : input;
      const value = await ask({
        message: q.message,
        ...(q.default !== undefined && !q.secret ? { default: q.default } : {}),
        validate: (raw: string) => (raw === '' && !q.required ? true : (q.validate(raw) ?? true)),
      });
      answers[q.name] = value === '' ? undefined : value;
    }
    return answers;
  }
}

/** Tests: answers given up front; every question asked is recorded. */
export class ScriptedOperator implements Operator {
  readonly asked: string[] = [];
  constructor(
    readonly interactive: boolean,
    private readonly answers: { confirm?: boolean; manual?: boolean; params?: Record<string, string> } = {},
  ) {}
  async confirmStep(step: { id: string }): Promise<boolean> {
    this.asked.push(`confirm:${step.id}`);
    return this.answers.confirm ?? true;
  }
  async manualStep(step: { id: string }): Promise<boolean> {
    this.asked.push(`manual:${step.id}`);
    return this.answers.manual ?? false;
  }
  async askParams(questions: ParamQuestion[]): Promise<Record<string, string | undefined>> {
    this.asked.push(...questions.map((q) => `param:${q.name}`));
    return Object.fromEntries(questions.map((q) => [q.name, this.answers.params?.[q.name]]));
  }
}
