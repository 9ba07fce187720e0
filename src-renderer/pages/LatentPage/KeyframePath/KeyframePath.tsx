import {
  ActionIcon,
  Group,
  Select,
  SegmentedControl,
  Slider,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { memo } from 'react'
import { EASE_NAMES, INTERPOLATIONS, type EaseName, type Interpolation } from '../../../../src-shared/latent-math'
import { GeneratedFace } from '../../../components/GeneratedFace/GeneratedFace'
import type { Generator } from '../../../lib/generator/generator'
import type { Keyframe, SegmentStyle } from '../composeLatent'

const THUMB = 48

interface KeyframePathProps {
  generator: Generator
  keyframes: readonly Keyframe[]
  segments: readonly SegmentStyle[]
  position: number
  onPosition: (position: number) => void
  onSegment: (index: number, style: SegmentStyle) => void
  onRemove: (index: number) => void
}

/** The faces the path goes through, how each gap is travelled, and where along it the face is. */
export const KeyframePath = memo(function KeyframePath({
  generator,
  keyframes,
  segments,
  position,
  onPosition,
  onSegment,
  onRemove,
}: KeyframePathProps) {
  const last = keyframes.length - 1
  return (
    <Stack gap="xs">
      <Slider
        min={0}
        max={Math.max(last, 1)}
        step={0.001}
        value={position}
        onChange={onPosition}
        disabled={last < 1}
        label={(value) => `${value.toFixed(2)}`}
        marks={keyframes.map((_, index) => ({ value: index }))}
        thumbLabel="Position along the path"
      />
      <Text size="xs" c="dimmed">
        {last < 1
          ? 'Add a second face to interpolate between them.'
          : `Between ${keyframes.length} faces: drag to travel along the path.`}
      </Text>
      <Stack gap={4} data-testid="keyframes">
        {keyframes.map((keyframe, index) => (
          <Stack key={keyframe.key} gap={4}>
            <Group gap="xs" wrap="nowrap">
              <UnstyledButton
                onClick={() => onPosition(index)}
                aria-label={`Go to ${keyframe.label}`}
                style={{ lineHeight: 0 }}
              >
                <GeneratedFace generator={generator} latent={keyframe.latent} size={THUMB} label={keyframe.label} />
              </UnstyledButton>
              <Text size="sm" style={{ flex: 1 }} truncate="end">
                {index + 1}. {keyframe.label}
              </Text>
              {last > 0 && (
                <Tooltip label="Remove from the path">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove ${keyframe.label}`}
                    onClick={() => onRemove(index)}
                  >
                    ×
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            {index < last && <SegmentControls index={index} style={segments[index]!} onChange={onSegment} />}
          </Stack>
        ))}
      </Stack>
    </Stack>
  )
})

function SegmentControls({
  index,
  style,
  onChange,
}: {
  index: number
  style: SegmentStyle
  onChange: (index: number, style: SegmentStyle) => void
}) {
  return (
    <Group gap="xs" pl={THUMB / 2} wrap="nowrap">
      <Text size="xs" c="dimmed">
        ↓
      </Text>
      <SegmentedControl
        size="xs"
        data={INTERPOLATIONS.map((value) => ({ value, label: value === 'slerp' ? 'spherical' : 'linear' }))}
        value={style.interpolation}
        onChange={(value) => onChange(index, { ...style, interpolation: value as Interpolation })}
        aria-label={`Interpolation of segment ${index + 1}`}
      />
      <Select
        size="xs"
        data={[...EASE_NAMES]}
        value={style.ease}
        onChange={(value) => value && onChange(index, { ...style, ease: value as EaseName })}
        allowDeselect={false}
        aria-label={`Ease of segment ${index + 1}`}
        w={150}
      />
    </Group>
  )
}
