/**
 * Secrets (secret parameters, join tokens, passwords) never reach state,
 * reports, events or the terminal: every text that leaves the process passes
 * through here. Values are matched raw and as they appear inside JSON strings.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: unknown): void {
    if (typeof value !== 'string' || value.length < 4) return;
    this.secrets.add(value);
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.secrets.add(escaped);
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    return out;
  }
}
