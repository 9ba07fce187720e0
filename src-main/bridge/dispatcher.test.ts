import { describe, expect, it, vi } from 'vitest'
import { StudioError } from '../../src-shared/contract/errors'
import { createDispatcher } from './dispatcher'
import type { HandlerTable } from './handler-table'

const report = { backend: 'cpu' as const, device: 'test', unavailable: [], versions: {} }

function table(overrides: Partial<HandlerTable> = {}): HandlerTable {
  return {
    'app.info': () => ({ name: 'DCGAN Studio', version: '0', mode: 'browser', platform: 'linux', schemaVersion: 1 }),
    'device.report': () => report,
    ...overrides,
  } as HandlerTable
}

const context = { transport: 'browser' as const }

describe('createDispatcher', () => {
  it('runs the handler for valid arguments', async () => {
    const dispatch = createDispatcher(table())
    expect(await dispatch('device.report', {}, context)).toEqual({ ok: true, value: report })
  })

  it.each([
    ['unknown keys', { extra: 1 }],
    ['a non-object', 'hello'],
    ['an array', [1, 2]],
    ['NaN inside', { n: NaN }],
  ])('rejects %s with VALIDATION and never runs the handler', async (_label, args) => {
    const handler = vi.fn(() => report)
    const dispatch = createDispatcher(table({ 'device.report': handler }))
    const reply = await dispatch('device.report', args, context)
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Invalid arguments for device.report.', issues: [expect.any(Object)] },
    })
    expect(handler).not.toHaveBeenCalled()
  })

  it("names each invalid argument by its path, with the schema's message", async () => {
    const create = vi.fn()
    const dispatch = createDispatcher(table({ 'runs.create': create }))
    const reply = await dispatch(
      'runs.create',
      { datasetId: 1, preset: 'quick', epochs: 0, hyperparameters: { batchSize: 0 } },
      context,
    )
    expect(reply.ok || reply.error.issues).toEqual([
      { path: ['epochs'], message: expect.stringMatching(/>=1/) },
      { path: ['hyperparameters', 'batchSize'], message: 'batch size must be at least 2 (batch norm needs 2 images)' },
    ])
    expect(create).not.toHaveBeenCalled()
  })

  it('rejects unknown channels, including inherited property names', async () => {
    const dispatch = createDispatcher(table())
    for (const channel of ['nope', 'toString', '__proto__', 42]) {
      expect((await dispatch(channel, {}, context)).ok).toBe(false)
    }
  })

  it('passes StudioError codes through and hides other errors behind INTERNAL', async () => {
    const log = vi.fn()
    const dispatch = createDispatcher(
      table({
        'app.info': () => {
          throw new StudioError('NOT_FOUND', 'No such run.')
        },
        'device.report': () => {
          throw new Error('secret /home/user/path')
        },
      }),
      log,
    )
    expect(await dispatch('app.info', {}, context)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such run.' },
    })
    const hidden = await dispatch('device.report', {}, context)
    expect(hidden.ok).toBe(false)
    expect(JSON.stringify(hidden)).not.toContain('/home/user')
    expect(log).toHaveBeenCalledOnce()
  })
})
