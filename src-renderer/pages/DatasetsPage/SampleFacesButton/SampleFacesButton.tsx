import { Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useEffect } from 'react'
import { studio, unwrap } from '../../../studio'
import { unusedName } from '../datasetText'
import { useStartImport } from '../useStartImport'

/** One click to a dataset of real faces: imports the photos that ship with the studio under a free name. */
export function SampleFacesButton({ takenNames }: { takenNames: readonly string[] }) {
  const { starting, error, start } = useStartImport(
    (name) => unwrap(studio.datasets.importSampleFaces({ name })),
    () => {},
  )
  useEffect(() => {
    if (error) notifications.show({ color: 'red', title: 'Could not import the sample faces', message: error.message })
  }, [error])
  return (
    <Button
      variant="default"
      loading={starting}
      onClick={() => void start(unusedName('Sample faces', takenNames))}
      title="64 face photos from Caltech 101 (CC BY 4.0) that come with the studio"
    >
      Try with sample faces
    </Button>
  )
}
