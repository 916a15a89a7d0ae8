/** The views `runbook show` renders of a definition: listed once, for the flag and the renderer. */
export const SHOW_FORMATS = ['text', 'markdown', 'json', 'mermaid'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];
