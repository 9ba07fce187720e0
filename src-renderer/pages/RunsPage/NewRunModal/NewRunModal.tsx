import {
  Accordion,
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { ValidationIssue } from '../../../../src-shared/contract/errors'
import type { HyperparameterKey, Hyperparameters } from '../../../../src-shared/contract/hyperparameters'
import { PRESET_NAMES, RUN_LIMITS, type PresetName } from '../../../../src-shared/contract/runs'
import { DEFAULT_PRESET, facesAfterEpochs, suggestedEpochs } from '../../../../src-shared/contract/train-config'
import { ErrorNotice } from '../../../components/ErrorNotice/ErrorNotice'
import { LoadingState } from '../../../components/LoadingState/LoadingState'
import { useStudioQuery } from '../../../hooks/useStudioQuery'
import { studio, StudioCallError, unwrap } from '../../../studio'
import { PreflightEstimate, type PlannedRun } from '../PreflightEstimate/PreflightEstimate'
import { presetWithLoss } from '../presets'
import {
  chosenHyperparameters,
  FIELDS,
  HyperparameterFields,
  type Augment,
  type Loss,
  type NumericKey,
  type NumericValues,
} from './HyperparameterFields'
import { epochsAdvice } from './epochsAdvice'
import { switchPreset } from './switchPreset'

/** What "Duplicate settings" fills the form with. */
export interface NewRunPrefill {
  name?: string
  datasetId?: number
  preset?: PresetName
  epochs?: number
  seed?: number
  hyperparameters?: Hyperparameters
}

interface NewRunModalProps {
  opened: boolean
  onClose: () => void
  prefill?: NewRunPrefill | null
}

export function NewRunModal({ opened, onClose, prefill }: NewRunModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={prefill ? 'New run from these settings' : 'New run'} size="lg">
      {/* Remounted on each opening, so the form starts from the prefill (or blank) every time. */}
      {opened && <NewRunForm prefill={prefill ?? null} onCreated={onClose} />}
    </Modal>
  )
}

const FORM_KEYS = ['datasetId', 'preset', 'epochs', 'seed', 'name'] as const
type FieldErrors = Partial<Record<HyperparameterKey | (typeof FORM_KEYS)[number], string>>

/** Each validation issue on the field its path names (`['hyperparameters', 'batchSize']`); the rest for the notice. */
function placeIssues(issues: readonly ValidationIssue[]): { fields: FieldErrors; rest: string[] } {
  const fields: FieldErrors = {}
  const rest: string[] = []
  for (const { path, message } of issues) {
    const key = path[0] === 'hyperparameters' ? path[1] : path[0]
    const field =
      FIELDS.find((candidate) => candidate.key === key)?.key ?? FORM_KEYS.find((candidate) => candidate === key)
    if (field) fields[field] = fields[field] ? `${fields[field]}; ${message}` : message
    else rest.push(message)
  }
  return { fields, rest }
}

function initialValues(hyperparameters: Hyperparameters | undefined): NumericValues {
  const values = {} as NumericValues
  for (const field of FIELDS)
    if (field.kind === 'number')
      values[field.key as NumericKey] = (hyperparameters?.[field.key] as number | undefined) ?? ''
  return values
}

function NewRunForm({ prefill, onCreated }: { prefill: NewRunPrefill | null; onCreated: () => void }) {
  const datasets = useStudioQuery(() => studio.datasets.list({}), [])
  const [name, setName] = useState(prefill?.name ?? '')
  const [datasetId, setDatasetId] = useState<string | null>(
    prefill?.datasetId !== undefined ? String(prefill.datasetId) : null,
  )
  const [presetName, setPresetName] = useState<PresetName>(prefill?.preset ?? DEFAULT_PRESET)
  // null: the suggestion for the dataset, preset and batch size, until the user types a number
  const [chosenEpochs, setEpochs] = useState<number | string | null>(prefill?.epochs ?? null)
  const [seed, setSeed] = useState<number | string>(prefill?.seed ?? '')
  const [values, setValues] = useState<NumericValues>(() => initialValues(prefill?.hyperparameters))
  const [flip, setFlip] = useState<boolean | null>(prefill?.hyperparameters?.flip ?? null)
  const [loss, setLoss] = useState<Loss | null>(prefill?.hyperparameters?.loss ?? null)
  const [augment, setAugment] = useState<Augment | null>(prefill?.hyperparameters?.augment ?? null)
  const [creating, setCreating] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<{ title: string; lines: string[] } | Error | null>(null)

  const preset = presetWithLoss(presetName, loss)
  const dataset =
    datasets.status === 'ready' ? datasets.data.find((candidate) => String(candidate.id) === datasetId) : undefined
  const sizeMismatch = dataset !== undefined && !dataset.sizes.includes(preset.config.imageSize as 32 | 64 | 128)
  const trainingImages = dataset ? dataset.imageCount - dataset.excludedCount : null
  const batchSize = typeof values.batchSize === 'number' ? values.batchSize : preset.config.batchSize
  const epochs = chosenEpochs ?? (trainingImages ? suggestedEpochs(presetName, trainingImages, batchSize) : '')
  const facesAfter = trainingImages ? facesAfterEpochs(presetName, trainingImages, batchSize) : null

  const choosePreset = (next: PresetName) => {
    const switched = switchPreset({ from: presetName, to: next, fromInfo: preset, values, flip, loss, name })
    setPresetName(next)
    setValues(switched.values)
    setFlip(switched.flip)
    setLoss(switched.loss)
    setName(switched.name)
  }
  // Auto-select when there is only one dataset to pick.
  if (datasetId === null && datasets.status === 'ready' && datasets.data.length === 1)
    setDatasetId(String(datasets.data[0]!.id))

  const plan: PlannedRun | null =
    datasetId === null || typeof epochs !== 'number'
      ? null
      : {
          datasetId: Number(datasetId),
          preset: presetName,
          epochs,
          ...(typeof seed === 'number' && { seed }),
          hyperparameters: chosenHyperparameters(preset, values, flip, loss, augment),
        }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (plan === null) return
    setCreating(true)
    setError(null)
    setFieldErrors({})
    try {
      const run = await unwrap(studio.runs.create({ ...plan, ...(name.trim() !== '' && { name: name.trim() }) }))
      onCreated()
      // Into the live run, as W&B and TensorBoard open a run when it starts; its page says what it is doing.
      window.location.assign(`#/runs/${run.id}`)
    } catch (caught) {
      setCreating(false)
      if (caught instanceof StudioCallError && caught.code === 'VALIDATION') {
        const { fields, rest } = placeIssues(caught.issues)
        setFieldErrors(fields)
        setError({
          title: 'Check the settings',
          lines: rest.length > 0 ? rest : ['The fields marked in red need changing.'],
        })
      } else {
        setError(caught as Error)
      }
    }
  }

  const advancedHasErrors = FIELDS.some((field) => fieldErrors[field.key] !== undefined)
  const datasetOptions =
    datasets.status === 'ready'
      ? datasets.data.map((candidate) => ({
          value: String(candidate.id),
          label: `${candidate.name} · ${candidate.imageCount} images · ${candidate.sizes.join('/')} px`,
        }))
      : []

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="sm">
        {datasets.status === 'loading' && <LoadingState label="Loading datasets…" compact />}
        {datasets.status === 'error' && (
          <ErrorNotice title="Could not load the datasets" error={datasets.error} onRetry={datasets.reload} />
        )}
        {datasets.status === 'ready' && datasets.data.length === 0 && (
          <Alert color="yellow" title="No datasets yet">
            A run trains on a dataset: <Anchor href="#/datasets">import one or make a demo dataset</Anchor> first.
          </Alert>
        )}
        <Select
          label="Dataset"
          placeholder="Pick a dataset"
          data={datasetOptions}
          value={datasetId}
          onChange={setDatasetId}
          required
          searchable
          error={
            fieldErrors.datasetId ??
            (sizeMismatch
              ? `The ${presetName} preset trains on ${preset.config.imageSize} px images; this dataset has ${dataset.sizes.join(' and ')} px.`
              : undefined)
          }
          data-autofocus
        />
        <Select
          label="Preset"
          data={PRESET_NAMES.map((value) => ({ value, label: value }))}
          value={presetName}
          onChange={(value) => value && choosePreset(value as PresetName)}
          allowDeselect={false}
          description={
            <>
              <Text span size="sm" c="var(--mantine-color-text)" display="block">
                {preset.guide.summary}
              </Text>
              {preset.guide.technical}
            </>
          }
          error={fieldErrors.preset}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Epochs"
            description={
              trainingImages
                ? epochsAdvice(presetName, trainingImages, batchSize)
                : 'Suggested from the dataset once you pick one'
            }
            value={epochs}
            onChange={setEpochs}
            min={1}
            max={RUN_LIMITS.maxEpochs}
            allowDecimal={false}
            allowNegative={false}
            required
            error={fieldErrors.epochs}
          />
          <NumberInput
            label="Seed"
            description="Blank draws a random one"
            placeholder="random"
            value={seed}
            onChange={setSeed}
            min={0}
            max={RUN_LIMITS.maxSeed}
            allowDecimal={false}
            allowNegative={false}
            error={fieldErrors.seed}
          />
        </Group>
        <TextInput
          label="Name"
          placeholder={`${presetName} on ${dataset?.name ?? 'the dataset'}`}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={120}
          error={fieldErrors.name}
        />
        <Accordion
          variant="contained"
          defaultValue={prefill?.hyperparameters || advancedHasErrors ? 'advanced' : null}
          key={advancedHasErrors ? 'errors' : 'ok'}
        >
          <Accordion.Item value="advanced">
            <Accordion.Control>Advanced hyperparameters</Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Text size="xs" c="dimmed">
                  Leave a field blank to use the preset&apos;s value.
                </Text>
                <HyperparameterFields
                  preset={preset}
                  values={values}
                  onChange={(key: NumericKey, value) => setValues((current) => ({ ...current, [key]: value }))}
                  flip={flip}
                  onFlipChange={setFlip}
                  loss={loss}
                  onLossChange={setLoss}
                  augment={augment}
                  onAugmentChange={setAugment}
                  errors={fieldErrors}
                />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <PreflightEstimate plan={plan} facesAfterEpochs={facesAfter} />
        {error instanceof Error && <ErrorNotice error={error} />}
        {error && !(error instanceof Error) && (
          <Alert color="red" title={error.title} role="alert">
            {error.lines.map((line) => (
              <Text key={line} size="sm">
                {line}
              </Text>
            ))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={creating} disabled={plan === null}>
            Start training
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
