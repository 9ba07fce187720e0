import { useEffect, useEffectEvent } from 'react'
import { z } from 'zod'
import { EASE_NAMES, INTERPOLATIONS } from '../../../src-shared/latent-math'
import { recall, remember } from '../../lib/perRunMemory'
import type { PathState } from './pathState'

/** The latent studio of one run as the user left it: the path, the sliders and truncation. */
export interface LatentView {
  path: PathState
  truncation: number
  offsets: { checkpointId: number; values: number[] }
}

const stored = z.object({
  keyframes: z.array(z.object({ label: z.string(), latent: z.array(z.number()) })).min(1),
  segments: z.array(z.object({ interpolation: z.enum(INTERPOLATIONS), ease: z.enum(EASE_NAMES) })),
  position: z.number(),
  truncation: z.number().min(0).max(1),
  offsets: z.object({ checkpointId: z.number(), values: z.array(z.number()) }),
})

/** The run's remembered view, if its faces still fit the generator's latent size. */
export function recallLatentView(runId: number, zDim: number, keyOf: () => string): LatentView | null {
  const view = recall('latent', runId, stored)
  if (
    !view ||
    view.keyframes.some((keyframe) => keyframe.latent.length !== zDim) ||
    view.segments.length !== view.keyframes.length - 1
  )
    return null
  return {
    path: {
      keyframes: view.keyframes.map((keyframe) => ({
        key: keyOf(),
        label: keyframe.label,
        latent: Float32Array.from(keyframe.latent),
      })),
      segments: view.segments,
      position: Math.min(Math.max(view.position, 0), view.keyframes.length - 1),
    },
    truncation: view.truncation,
    offsets: view.offsets,
  }
}

const SAVE_AFTER_MS = 300

/** Keeps the view in storage: shortly after it settles (a slider drag is many changes), and on leaving the page. */
export function useRememberLatentView(runId: number, view: LatentView): void {
  const save = useEffectEvent(() =>
    remember('latent', runId, {
      keyframes: view.path.keyframes.map((keyframe) => ({
        label: keyframe.label,
        latent: Array.from(keyframe.latent),
      })),
      segments: view.path.segments,
      position: view.path.position,
      truncation: view.truncation,
      offsets: view.offsets,
    }),
  )
  const { path, truncation, offsets } = view
  useEffect(() => {
    const timer = setTimeout(save, SAVE_AFTER_MS)
    return () => clearTimeout(timer)
  }, [path, truncation, offsets])
  useEffect(() => {
    const onHide = () => save()
    window.addEventListener('pagehide', onHide)
    return () => {
      window.removeEventListener('pagehide', onHide)
      save()
    }
  }, [])
}

const checkpointPick = z.string()
const lastRun = z.number().int().positive()

export const recallCheckpointPick = (runId: number) => recall('latent-checkpoint', runId, checkpointPick)
export const rememberCheckpointPick = (runId: number, pick: string) => remember('latent-checkpoint', runId, pick)
export const recallLatentRun = () => recall('latent-run', 'last', lastRun)
export const rememberLatentRun = (runId: number) => remember('latent-run', 'last', runId)
