import { Checkbox, NumberInput, Select, SimpleGrid } from '@mantine/core'
import type { Hyperparameters } from '../../../../src-shared/contract/runs'
import type { PresetInfo } from '../presets'

export type NumericKey = Exclude<keyof Hyperparameters, 'flip' | 'loss'>
export type Loss = NonNullable<Hyperparameters['loss']>

const LOSS_OPTIONS = [
  { value: 'bce', label: 'BCE on logits (DCGAN, Adam)' },
  { value: 'wgan', label: 'WGAN (weight clipping, n_critic, RMSprop)' },
]
export type NumericValues = Record<NumericKey, number | string>

interface FieldSpec {
  key: NumericKey
  label: string
  help: string
  min: number
  max: number
  integer?: boolean
  step?: number
  /** When the field means nothing for a preset, it is disabled and left out of the request. */
  appliesTo?: (preset: PresetInfo) => boolean
}

const adamOnly = (preset: PresetInfo) => preset.optimizer === 'adam'
const bceOnly = (preset: PresetInfo) => preset.loss === 'bce'
const wganOnly = (preset: PresetInfo) => preset.loss === 'wgan'

export const FIELDS: readonly FieldSpec[] = [
  { key: 'batchSize', label: 'Batch size', help: 'Images per training step; at most the number of images in the dataset.', min: 2, max: 1024, integer: true },
  { key: 'zDim', label: 'z size', help: 'Length of the random latent vector each face is generated from.', min: 1, max: 1024, integer: true },
  { key: 'baseChannels', label: 'Base channels', help: 'Width of both networks: feature maps of the first layer, doubled per layer.', min: 1, max: 512, integer: true },
  { key: 'learningRate', label: 'Learning rate', help: 'Optimizer step size for both networks.', min: 1e-7, max: 1, step: 1e-5 },
  { key: 'beta1', label: 'Beta1', help: "Adam's momentum; the DCGAN paper lowers it to 0.5 for stability (Adam only).", min: 0, max: 0.9999, step: 0.05, appliesTo: adamOnly },
  { key: 'beta2', label: 'Beta2', help: "Adam's decay of squared gradients (Adam only).", min: 0, max: 0.9999, step: 0.001, appliesTo: adamOnly },
  { key: 'realLabel', label: 'Real-label smoothing', help: "D's target for real images; below 1 keeps D from growing over-confident.", min: 0.5, max: 1, step: 0.05, appliesTo: bceOnly },
  { key: 'nCritic', label: 'WGAN n_critic', help: 'Critic updates per generator update (WGAN only).', min: 1, max: 100, integer: true, appliesTo: wganOnly },
  { key: 'clip', label: 'WGAN clip', help: 'Critic weights are clipped to ±clip after each update (WGAN only).', min: 1e-6, max: 10, step: 0.005, appliesTo: wganOnly },
]

interface HyperparameterFieldsProps {
  preset: PresetInfo
  values: NumericValues
  onChange: (key: NumericKey, value: number | string) => void
  flip: boolean | null
  onFlipChange: (flip: boolean) => void
  loss: Loss | null
  onLossChange: (loss: Loss | null) => void
  errors: Partial<Record<keyof Hyperparameters, string>>
}

/** The advanced settings: blank means the preset's value, shown as the placeholder. */
export function HyperparameterFields({ preset, values, onChange, flip, onFlipChange, loss, onLossChange, errors }: HyperparameterFieldsProps) {
  return (
    <>
      <Select
        label="Loss"
        description="How D scores images: BCE is the DCGAN paper's; WGAN trains a critic with clipped weights, several critic steps per G step."
        data={LOSS_OPTIONS}
        value={loss ?? preset.loss}
        onChange={(value) => onLossChange(value === null ? null : (value as Loss))}
        allowDeselect={false}
        error={errors.loss}
        size="xs"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
        {FIELDS.map((field) => {
          const applies = field.appliesTo?.(preset) ?? true
          return (
            <NumberInput
              key={field.key}
              label={field.label}
              description={field.help}
              placeholder={applies ? `preset: ${preset.defaults[field.key]}` : 'not used by this preset'}
              value={applies ? values[field.key] : ''}
              onChange={(value) => onChange(field.key, value)}
              min={field.min}
              max={field.max}
              step={field.step ?? 1}
              allowDecimal={!field.integer}
              allowNegative={false}
              decimalScale={field.integer ? undefined : 8}
              disabled={!applies}
              error={errors[field.key]}
              size="xs"
            />
          )
        })}
      </SimpleGrid>
      <Checkbox
        label="Random horizontal flip"
        description={`Mirror real images at random for more variety from the same photos (preset: ${preset.defaults.flip ? 'on' : 'off'}).`}
        checked={flip ?? preset.defaults.flip}
        onChange={(event) => onFlipChange(event.currentTarget.checked)}
        error={errors.flip}
      />
    </>
  )
}

/** The fields that are filled in and mean something for the preset, as numbers. */
export function chosenHyperparameters(preset: PresetInfo, values: NumericValues, flip: boolean | null, loss: Loss | null): Hyperparameters {
  const chosen: Hyperparameters = loss === null ? {} : { loss }
  for (const field of FIELDS) {
    const value = values[field.key]
    if (typeof value === 'number' && (field.appliesTo?.(preset) ?? true)) chosen[field.key] = value
  }
  if (flip !== null) chosen.flip = flip
  return chosen
}
