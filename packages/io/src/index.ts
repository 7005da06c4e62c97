export {
  type ChunkWriter,
  removeStaleTemporaryFiles,
  temporaryPath,
  writeFileAtomic,
} from './atomic-file.js';
export {
  BackgroundCsvWriter,
  type BackgroundWriteOptions,
  type CsvWriteJob,
  sharedArray,
} from './background-csv-writer.js';
export type { CsvBatch } from './csv-batch.js';
export { type CsvColumn, formatSignificant, quoteCsv } from './csv-encode.js';
export type { CsvLineIndex, LeadingLines } from './csv-line-index.js';
export {
  type CsvSource,
  type MalformedCsvRow,
  type OpenCsvOptions,
  openCsv,
} from './csv-stream.js';
export { type WriteCsvOptions, writeCsv, writeIndexedCsv } from './csv-writer.js';
export {
  dayOfMonth,
  formatDayRange,
  formatEpochDay,
  parseEpochDay,
  parseEpochSeconds,
} from './dates.js';
export {
  FILE_DECIMALS,
  FLOAT32_MAX,
  fitsFloat32,
  parseDecimalBytes,
  parseShortDecimal,
  roundDecimals,
} from './decimal.js';
export { IoError, type IoErrorCode, IoErrorCodes } from './errors.js';
export { fileFingerprint } from './file-fingerprint.js';
export {
  float32Column,
  float64Column,
  GrowingColumn,
  int32Column,
  uint8Column,
  uint32Column,
} from './growing-column.js';
export { TextCodes } from './text-codes.js';
