/**
 * Markdown instructions (a manual step's) as a terminal shows them: `**bold**`
 * bold, `` `code` `` highlighted, links as their text and address, headings
 * and list markers kept as plain text. Colour only where chalk finds a
 * terminal that has it (NO_COLOR is honoured); otherwise the marks just go.
 */
import chalk from 'chalk';

export function terminalText(markdown: string): string {
  return markdown
    .replace(/\*\*([^*\n]+)\*\*/g, (_m, t: string) => chalk.bold(t))
    .replace(/(?<![\w*])\*([^*\n]+)\*(?![\w*])/g, (_m, t: string) => chalk.italic(t))
    .replace(/`([^`\n]+)`/g, (_m, t: string) => chalk.cyan(t))
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, text: string, url: string) => (text === url ? chalk.underline(url) : `${text} (${chalk.underline(url)})`))
    .replace(/^#{1,6}\s+(.+)$/gm, (_m, t: string) => chalk.bold(t));
}
