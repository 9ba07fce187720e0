import '../services/datasets/import-worker'
