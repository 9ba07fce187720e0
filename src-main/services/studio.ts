import type { HandlerTable } from '../bridge/handler-table'
import { EventHub } from '../bridge/event-hub'
import { schemaVersion } from '../db/migrate'
import { openDatabase, type StudioDatabase } from '../db/open-database'
import packageJson from '../../package.json'
import { prepareDataDir, APP_NAME, type DataDir } from './data-dir'
import { DeviceService, type BackendProbe } from './device-service'
import { MediaService } from './media-service'

export interface StudioOptions {
  dataDir: string
  mode: 'electron' | 'browser'
  /** Injected so tests and the CLI can choose how backends are probed. */
  probeBackends: BackendProbe
}

/** Everything the front doors (Electron, browser bridge, CLI) share: one database, one event hub, the services. */
export class Studio {
  readonly dirs: DataDir
  readonly db: StudioDatabase
  readonly hub = new EventHub()
  readonly device: DeviceService
  readonly media: MediaService

  constructor(readonly options: StudioOptions) {
    this.dirs = prepareDataDir(options.dataDir)
    this.db = openDatabase(this.dirs.database)
    this.device = new DeviceService(options.probeBackends)
    this.media = new MediaService()
  }

  handlers(): HandlerTable {
    return {
      'app.info': () => ({
        name: APP_NAME,
        version: packageJson.version,
        mode: this.options.mode,
        platform: process.platform,
        schemaVersion: schemaVersion(this.db),
      }),
      'device.report': () => this.device.report(),
    }
  }

  close(): void {
    this.db.close()
  }
}
