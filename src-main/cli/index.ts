import { parseArgs } from 'node:util'
import { StudioError } from '../../src-shared/contract/errors'
import { defaultDataDir } from '../services/data-dir'
import { isDiskFull } from '../services/disk-full'
import { UsageError, type Command, type OptionSpec } from './command'
import { benchCommand } from './commands/bench'
import { checkpointsCommand } from './commands/checkpoints'
import { demoDatasetCommand } from './commands/demo-dataset'
import { deviceCommand } from './commands/device'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { resumeCommand } from './commands/resume'
import { runsCommand } from './commands/runs'
import { sampleDatasetCommand } from './commands/sample-dataset'
import { serveCommand } from './commands/serve'
import { trainCommand } from './commands/train'
import { printError } from './output'

const COMMANDS: readonly Command[] = [
  serveCommand,
  importCommand,
  sampleDatasetCommand,
  demoDatasetCommand,
  trainCommand,
  runsCommand,
  resumeCommand,
  checkpointsCommand,
  exportCommand,
  benchCommand,
  deviceCommand,
]

const GLOBAL_OPTIONS: OptionSpec = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length))
  return [
    'DCGAN Studio: train DCGANs on your own photos.',
    '',
    'usage: dcgan-studio <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'options for every command:',
    `  --data-dir DIR  where the studio keeps its database and files (default: ${defaultDataDir()})`,
    '  --json          print one JSON document on stdout',
    '  -h, --help      show help for a command',
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${helpText()}\n`)
    return name === undefined ? 2 : 0
  }
  const json = rest.includes('--json')
  const command = COMMANDS.find((candidate) => candidate.name === name)
  if (!command) {
    printError(json, `unknown command "${name}". Run \`dcgan-studio --help\` for the list.`, 'USAGE')
    return 2
  }
  let dataDir = defaultDataDir()
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    })
    if (values.help) {
      process.stdout.write(
        `usage: ${command.usage}\n\n${command.summary}.\n${command.details ? `\n${command.details}\n` : ''}`,
      )
      return 0
    }
    if (typeof values['data-dir'] === 'string') dataDir = values['data-dir']
    return await command.run({ values, positionals, dataDir, json, signal: controller.signal })
  } catch (error) {
    if (error instanceof UsageError) {
      printError(json, error.message, 'USAGE', error.details)
      return error.exitCode
    }
    if (error instanceof StudioError) {
      printError(json, error.message, error.code)
      return 1
    }
    if (isDiskFull(error)) {
      printError(
        json,
        `The disk holding ${dataDir} is full (${(error as Error).message}): nothing was lost; free some space, then try again.`,
        'UNAVAILABLE',
      )
      return 1
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      printError(json, `${error.message}. See \`dcgan-studio ${name} --help\`.`, 'USAGE')
      return 2
    }
    throw error
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
