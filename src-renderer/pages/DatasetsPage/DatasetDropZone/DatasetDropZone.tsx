import { Box, Center, Stack, Text } from '@mantine/core'
import { useRef, useState, type DragEvent, type ReactNode } from 'react'

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files')

/** The page as a drop target for a folder of photos, or the photo files themselves. */
export function DatasetDropZone({ onDrop, children }: { onDrop: (files: File[]) => void; children: ReactNode }) {
  const [dragging, setDragging] = useState(false)
  // dragenter/dragleave fire for every child crossed; the overlay goes only when the pointer leaves the page.
  const depth = useRef(0)
  return (
    <Box
      pos="relative"
      // The whole page below the header is the target, however little is on it.
      mih="calc(100vh - 56px - 2 * var(--mantine-spacing-md))"
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return
        depth.current += 1
        setDragging(true)
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'copy'
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return
        depth.current -= 1
        if (depth.current === 0) setDragging(false)
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return
        event.preventDefault()
        depth.current = 0
        setDragging(false)
        onDrop([...event.dataTransfer.files])
      }}
    >
      {children}
      {dragging && (
        <Center
          pos="absolute"
          inset={0}
          style={{
            zIndex: 10,
            pointerEvents: 'none',
            border: '2px dashed var(--mantine-primary-color-filled)',
            borderRadius: 'var(--mantine-radius-md)',
            background: 'color-mix(in srgb, var(--mantine-color-body) 88%, transparent)',
          }}
        >
          <Stack gap={4} align="center" ta="center" maw={440}>
            <Text fw={600}>Drop to import</Text>
            <Text c="dimmed" size="sm">
              Drop one folder of face photos, or any number of photo files, not both together. In browser mode the
              studio cannot see your computer&apos;s files: type the folder&apos;s path on the studio machine in the
              dialog instead.
            </Text>
          </Stack>
        </Center>
      )}
    </Box>
  )
}
