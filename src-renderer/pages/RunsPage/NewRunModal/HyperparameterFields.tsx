import { Checkbox, NumberInput, Select, SimpleGrid } from '@mantine/core'
import {
  appliesTo,
  HYPERPARAMETER_FIELDS,
  type HyperparameterKey,
  type Hyperparameters,
} from '../../../../src-shared/contract/hyperparameters'
import type { PresetInfo } from '../presets'

/** The form's fields: one per hyperparameter of the train config schema, with its label, help and bounds. */
export const FIELDS = HYPERPARAMETER_FIELDS
const NUMBER_FIELDS = FIELDS.filter((field) => field.kind === 'number')
const LOSS_FIELD = FIELDS.find((field) => field.key === 'loss')!
const FLIP_FIELD = FIELDS.find((field) => field.key === 'flip')!
const AUGMENT_FIELD = FIELDS.find((field) => field.key === 'augment')!

export type NumericKey = Exclude<HyperparameterKey, 'flip' | 'loss' | 'augment'>
export type Loss = NonNullable<Hyperparameters['loss']>
export type Augment = NonNullable<Hyperparameters['augment']>
export type NumericValues = Record<NumericKey, number | string>

interface HyperparameterFieldsProps {
  preset: PresetInfo
  values: NumericValues
  onChange: (key: NumericKey, value: number | string) => void
  flip: boolean | null
  onFlipChange: (flip: boolean) => void
  loss: Loss | null
  onLossChange: (loss: Loss | null) => void
  augment: Augment | null
  onAugmentChange: (augment: Augment) => void
  errors: Partial<Record<HyperparameterKey, string>>
}

/** The advanced settings: blank means the preset's value, shown as the placeholder. */
export function HyperparameterFields({
  preset,
  values,
  onChange,
  flip,
  onFlipChange,
  loss,
  onLossChange,
  augment,
  onAugmentChange,
  errors,
}: HyperparameterFieldsProps) {
  return (
    <>
      <Select
        label={LOSS_FIELD.title}
        description={LOSS_FIELD.description}
        data={Object.entries(LOSS_FIELD.options ?? {}).map(([value, label]) => ({ value, label }))}
        value={loss ?? preset.config.loss}
        onChange={(value) => onLossChange(value === null ? null : (value as Loss))}
        allowDeselect={false}
        error={errors.loss}
        size="xs"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
        {NUMBER_FIELDS.map((field) => {
          const applies = appliesTo(field, preset.config)
          const key = field.key as NumericKey
          return (
            <NumberInput
              key={key}
              label={field.title}
              description={field.description}
              placeholder={applies ? `preset: ${preset.defaults[key]}` : 'not used by this preset'}
              value={applies ? values[key] : ''}
              onChange={(value) => onChange(key, value)}
              // an exclusive bound (a learning rate above 0) is not clamped: a value on it gets the schema's message
              min={field.min}
              max={field.max}
              step={field.step ?? 1}
              allowDecimal={!field.integer}
              allowNegative={false}
              decimalScale={field.integer ? undefined : 8}
              disabled={!applies}
              error={errors[key]}
              size="xs"
            />
          )
        })}
      </SimpleGrid>
      <Checkbox
        label={FLIP_FIELD.title}
        description={`${FLIP_FIELD.description} (preset: ${preset.defaults.flip ? 'on' : 'off'})`}
        checked={flip ?? preset.defaults.flip ?? false}
        onChange={(event) => onFlipChange(event.currentTarget.checked)}
        error={errors.flip}
      />
      <Select
        label={AUGMENT_FIELD.title}
        description={AUGMENT_FIELD.description}
        data={Object.entries(AUGMENT_FIELD.options ?? {}).map(([value, label]) => ({ value, label }))}
        value={augment ?? preset.config.augment}
        onChange={(value) => value !== null && onAugmentChange(value as Augment)}
        allowDeselect={false}
        error={errors.augment}
        size="xs"
      />
    </>
  )
}

/** The fields that are filled in and mean something for the preset, as numbers. */
export function chosenHyperparameters(
  preset: PresetInfo,
  values: NumericValues,
  flip: boolean | null,
  loss: Loss | null,
  augment: Augment | null,
): Hyperparameters {
  const chosen: Hyperparameters = loss === null ? {} : { loss }
  for (const field of NUMBER_FIELDS) {
    const value = values[field.key as NumericKey]
    if (typeof value === 'number' && appliesTo(field, preset.config)) chosen[field.key as NumericKey] = value
  }
  if (flip !== null) chosen.flip = flip
  if (augment !== null) chosen.augment = augment
  return chosen
}
