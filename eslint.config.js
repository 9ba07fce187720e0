import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/**
 * The layers (docs/architecture.md): imports point one way, down this list, and lint fails a change that crosses.
 *   src-main/app, src-main/cli      entry points (only app/ imports electron)
 *   src-main/workers                thread and process entry points, the training session
 *   src-main/services               plain Node: what main does; talks to its workers through its own protocol modules
 *   src-main/bridge, db, engine     dispatcher and transports; SQLite; TensorFlow.js, pure
 *   src-shared                      what both sides use: the contract, train config and presets, latent math, RNG
 * src-renderer and src-preload sit beside src-main and reach it only through src-shared (and window.studio).
 */
const ELECTRON = { name: 'electron', message: 'Only src-main/app/ and src-preload/index.ts import electron.' }
// Tests may import across layers: they check the real parts together. Production code may not.
const TESTS = ['**/*.test.{ts,tsx}', 'src-renderer/test-utils/**']
const insideMain = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`
const TO_PAGE = {
  regex: '(^|/)src-(renderer|preload)(/|$)',
  message: 'Main reaches the page through the contract (src-shared) only.',
}
const restrict = (files, patterns, { electron = true } = {}) => ({
  files,
  ignores: TESTS,
  rules: { 'no-restricted-imports': ['error', { paths: electron ? [ELECTRON] : [], patterns }] },
})
const mainLayer = (folder, banned, message) =>
  restrict([`src-main/${folder}/**/*.ts`], [TO_PAGE, { regex: insideMain(banned), message }])

function layerRules() {
  return [
    restrict(
      ['src-shared/**/*.ts'],
      [
        {
          regex: '(^|/)src-(main|preload|renderer)(/|$)',
          message: 'src-shared is shared: it imports nothing from either side.',
        },
        { regex: '^node:', message: 'src-shared runs in the page too: no Node built-ins.' },
      ],
    ),
    restrict(['src-main/**/*.ts'], [TO_PAGE]),
    restrict(['src-main/app/**/*.ts'], [TO_PAGE], { electron: false }),
    mainLayer(
      'cli',
      ['app', 'workers'],
      'The CLI is plain Node: no app/ (electron); workers are started by the services.',
    ),
    mainLayer(
      'workers',
      ['db', 'bridge', 'cli', 'app'],
      'Workers send what is to be written to main: no db, bridge or entry points.',
    ),
    mainLayer(
      'services',
      ['workers', 'cli', 'app'],
      'Services never import workers or entry points: a worker protocol lives in services/ (the worker imports it) and workers are started by URL (services/worker-url.ts).',
    ),
    mainLayer(
      'bridge',
      ['services', 'engine', 'db', 'workers', 'cli', 'app'],
      'bridge/ (dispatcher, transports) sits below the services: it knows the contract only.',
    ),
    mainLayer('db', ['services', 'engine', 'bridge', 'workers', 'cli', 'app'], 'db/ imports only src-shared.'),
    mainLayer(
      'engine',
      ['services', 'db', 'bridge', 'workers', 'cli', 'app'],
      'engine/ is pure: src-shared and TensorFlow.js only, never services, db, bridge, workers or entry points.',
    ),
    restrict(
      ['src-preload/**/*.ts'],
      [
        {
          regex: '(^|/)src-(main|renderer)(/|$)',
          message: 'The preload imports src-shared, electron and its own files only.',
        },
      ],
      {
        electron: false,
      },
    ),
    restrict(
      ['src-renderer/**/*.{ts,tsx}'],
      [
        {
          regex: '(^|/)src-(main|preload)(/|$)',
          message: 'The renderer imports src-shared and its own code only; it talks to main through window.studio.',
        },
      ],
    ),
  ]
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "VariableDeclarator[id.name='require']",
          message:
            "electron-vite's build already declares `require` in ESM output: name the createRequire result something else.",
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...layerRules(),
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', URL: 'readonly' },
    },
  },
)
