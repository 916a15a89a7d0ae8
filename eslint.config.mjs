// ESLint 9+ reads flat config only; .eslintrc.json stays the single source of rules.
import { FlatCompat } from '@eslint/eslintrc';
import js from '@eslint/js';
const compat = new FlatCompat({ baseDirectory: import.meta.dirname, recommendedConfig: js.configs.recommended });
export default compat.config((await import('./.eslintrc.json', { with: { type: 'json' } })).default);
