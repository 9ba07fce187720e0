import type { HandlerTable } from '../bridge/handler-table'
import { EventHub } from '../bridge/event-hub'
import { StudioError } from '../../src-shared/contract/errors'
import { schemaVersion } from '../db/migrate'
import { openDatabase, type StudioDatabase } from '../db/open-database'
import packageJson from '../../package.json'
import { prepareDataDir, APP_NAME, type DataDir } from './data-dir'
import { DatasetService } from './dataset-service'
import { DeviceService, type BackendProbe } from './device-service'
import { ExportService, type ExportServiceOptions } from './exports/export-service'
import { Grants } from './grants'
import { LatentService } from './latent/latent-service'
import { listPinnedFaces } from '../db/queries/pinned-faces'
import type { RunCacheJob } from './latent/cache-worker'
import { MediaService } from './media-service'
import { sampleFacesDir } from './resources'
import { assertNotProtectedFolder } from './protected-folders'
import { RunService } from './run-service'
import { spawnNodeTrainingProcess, type SpawnTrainingProcess } from './training-process'

export interface StudioOptions {
  dataDir: string
  mode: 'electron' | 'browser'
  /** Injected so tests and the CLI can choose how backends are probed. */
  probeBackends: BackendProbe
  /** The desktop app's native folder dialog; absent in browser mode, where the user types a path instead. */
  pickFolder?: () => Promise<string | null>
  /** How training workers start: Electron's utilityProcess in the app, a Node child process elsewhere. */
  spawnTrainingProcess?: SpawnTrainingProcess
  /** How exports are produced and where pinned faces come from (defaults: a worker thread per export, the run's pinned faces). */
  exports?: ExportServiceOptions
  /** How the latent studio's per-checkpoint files are made: a worker thread unless a test injects another way. */
  runLatentCacheJob?: RunCacheJob
  /** Where the shipped sample faces are (default: resources/sample-faces). */
  sampleFacesDir?: string
}

/** Everything the front doors (Electron, browser bridge, CLI) share: one database, one event hub, the services. */
export class Studio {
  readonly dirs: DataDir
  readonly db: StudioDatabase
  readonly hub = new EventHub()
  readonly media = new MediaService()
  readonly grants: Grants
  readonly device: DeviceService
  readonly datasets: DatasetService
  readonly runs: RunService
  readonly exports: ExportService
  readonly latent: LatentService

  constructor(readonly options: StudioOptions) {
    this.dirs = prepareDataDir(options.dataDir)
    this.db = openDatabase(this.dirs.database)
    this.grants = new Grants(this.dirs.root)
    this.device = new DeviceService(options.probeBackends)
    this.datasets = new DatasetService(
      this.db,
      this.dirs.datasets,
      this.dirs.scratch,
      this.hub,
      this.media,
      options.sampleFacesDir ?? sampleFacesDir(),
    )
    this.runs = new RunService(
      this.db,
      this.dirs,
      this.hub,
      this.media,
      this.datasets.queries,
      options.spawnTrainingProcess ?? spawnNodeTrainingProcess,
    )
    this.exports = new ExportService(this.runs.queries, this.hub, {
      pinned: (runId) =>
        listPinnedFaces(this.db, runId).map((face) => ({ name: face.name, latent: Array.from(face.latent) })),
      checkDestination: (folder) => assertNotProtectedFolder(folder, this.dirs.root),
      ...options.exports,
    })
    this.latent = new LatentService(
      this.db,
      this.dirs.cache,
      this.hub,
      this.media,
      this.runs.queries,
      options.runLatentCacheJob,
    )
  }

  handlers(): HandlerTable {
    const { datasets, exports, grants, latent, runs } = this
    return {
      'app.info': () => ({
        name: APP_NAME,
        version: packageJson.version,
        mode: this.options.mode,
        platform: process.platform,
        schemaVersion: schemaVersion(this.db),
      }),
      'device.report': () => this.device.report(),
      'folders.pick': async ({ purpose }) => {
        if (!this.options.pickFolder)
          throw new StudioError(
            'UNAVAILABLE',
            'There is no folder dialog in browser mode: type the folder path instead.',
          )
        const path = await this.options.pickFolder()
        return path === null ? null : grants.grant(path, purpose)
      },
      'folders.grantDropped': ({ paths }) => {
        if (!this.options.pickFolder)
          throw new StudioError(
            'UNAVAILABLE',
            'Dropping files and folders works in the desktop app: type the folder path instead.',
          )
        return grants.grantDropped(paths)
      },
      'folders.grantPath': ({ path, purpose }) => {
        if (this.options.pickFolder)
          throw new StudioError('UNAVAILABLE', 'Choose folders with the dialog in the desktop app.')
        return grants.grant(path, purpose)
      },
      'datasets.list': () => datasets.list(),
      'datasets.get': ({ datasetId }) => datasets.get(datasetId),
      'datasets.images': ({ datasetId, offset, limit }) => datasets.images(datasetId, offset, limit),
      'datasets.issues': ({ datasetId }) => datasets.issues(datasetId),
      'datasets.import': ({ grantId, name, sizes }) => {
        const source = grants.source(grantId)
        const files = source.kind === 'files' ? source.files : undefined
        return datasets.startImport({ sourcePath: source.folder, sourceLabel: source.label, files, name, sizes })
      },
      'datasets.makeDemo': ({ name, count, seed }) => datasets.startDemo({ name, count, seed }),
      'datasets.importSampleFaces': ({ name }) => datasets.startSampleFaces({ name }),
      'datasets.cancelImport': ({ importId }) => datasets.cancelImport(importId),
      'datasets.setExcluded': ({ datasetId, imageIds, excluded }) =>
        datasets.setExcluded(datasetId, imageIds, excluded),
      'datasets.setCopiesExcluded': ({ datasetId, excluded }) => datasets.setCopiesExcluded(datasetId, excluded),
      'datasets.cropSource': ({ datasetId, imageId }) => datasets.cropSource(datasetId, imageId),
      'datasets.setCrop': ({ datasetId, imageId, crop }) => datasets.setCrop(datasetId, imageId, crop),
      'datasets.rename': ({ datasetId, name }) => datasets.rename(datasetId, name),
      'datasets.delete': ({ datasetId }) => datasets.delete(datasetId),
      'runs.list': () => runs.list(),
      'runs.preflight': (request) => runs.preflight(request),
      'runs.create': (request) => runs.create(request),
      'runs.get': ({ runId }) => runs.detail(runId),
      'runs.history': ({ runId, fromStep, toStep, maxPoints }) => runs.history(runId, fromStep, toStep, maxPoints),
      'runs.samples': ({ runId }) => runs.samples(runId),
      'runs.closestPhoto': ({ runId, epoch, cell }) => runs.closestPhoto(runId, epoch, cell),
      'runs.quality': ({ runId }) => runs.quality(runId),
      'runs.update': ({ runId, ...fields }) => runs.update(runId, fields),
      'runs.delete': ({ runId }) => runs.delete(runId),
      'runs.pause': ({ runId }) => runs.pause(runId),
      'runs.resume': ({ runId, learningRate, dLearningRate, checkpointId, epochs }) =>
        runs.resume(runId, { learningRate, dLearningRate, checkpointId, epochs }),
      'runs.stop': ({ runId }) => runs.stop(runId),
      'runs.keepCheckpoint': ({ runId, checkpointId, kept }) => runs.keepCheckpoint(runId, checkpointId, kept),
      'exports.start': ({ grantId, ...request }) => exports.start({ ...request, destination: grants.resolve(grantId) }),
      'exports.cancel': ({ exportId }) => exports.cancel(exportId),
      'latent.model': ({ runId, checkpointId, raw }) => latent.model(runId, checkpointId, raw),
      'latent.directions': ({ runId, checkpointId, count }) => latent.directions(runId, checkpointId, count),
      'latent.runtime': () => latent.runtime(),
      'faces.list': ({ runId }) => latent.listFaces(runId),
      'faces.pin': (request) => latent.pin(request),
      'faces.rename': ({ faceId, name }) => latent.rename(faceId, name),
      'faces.delete': ({ faceId }) => latent.delete(faceId),
    }
  }

  close(): void {
    this.exports.close()
    this.runs.close()
    this.db.close()
  }
}
