import { Loader, Tooltip } from '@mantine/core'
import { useMemo } from 'react'
import type { PinnedFace } from '../../../src-shared/contract/latent'
import { useGenerator } from '../../lib/generator/useGenerator'
import { GeneratedFace, faceStyle } from '../GeneratedFace/GeneratedFace'

/** A pinned face as it was pinned: drawn by the checkpoint it was pinned at (the run's newest once that one is pruned). */
export function PinnedFaceThumb({ face, size }: { face: PinnedFace; size: number }) {
  const generator = useGenerator(face.runId, face.checkpointId ?? undefined)
  const latent = useMemo(() => Float32Array.from(face.latent), [face.latent])
  if (generator.status === 'ready')
    return <GeneratedFace generator={generator.generator} latent={latent} size={size} label={face.name} />
  return (
    <Tooltip label={generator.status === 'error' ? generator.error.message : 'Loading the generator'}>
      <div style={{ ...faceStyle(size), display: 'grid', placeItems: 'center' }} aria-label={face.name} role="img">
        {generator.status === 'loading' ? <Loader size="xs" /> : '!'}
      </div>
    </Tooltip>
  )
}
