/**
 * Batch uploads as files: the rows a job takes, checked against the provider's caps (rows and
 * bytes of the file it will receive) before anything is sent, and the multipart form that
 * carries them. The CSV is built here from the rows; users never write one.
 */
import { z } from 'zod';
import { singleColumnCsv, utf8Bytes } from '../files/csv';
import type { MultipartForm } from '../files/multipart';
import { withThousands } from './inputs';

export interface UploadLimits {
  /** Header of the one-column file, e.g. `handle` or `email`. */
  column: string;
  maxRows: number;
  maxBytes: number;
}

const MB = 1024 * 1024;

function sizeText(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${bytes} bytes`;
}

/** The rows of a one-column upload: 1..maxRows entries, and the CSV they make at most maxBytes. */
export function uploadRowsField<T extends z.ZodTypeAny>(field: string, item: T, help: string, limits: UploadLimits) {
  return z
    .array(item, { required_error: `${field} is required`, invalid_type_error: `${field} must be a list` })
    .min(1, `${field} needs at least 1 entry`)
    .max(limits.maxRows, `${field} accepts at most ${withThousands(limits.maxRows)} rows per job`)
    .superRefine((rows, ctx) => {
      if (rows.length > limits.maxRows) return;
      const bytes = utf8Bytes(singleColumnCsv(limits.column, rows as unknown[]));
      if (bytes > limits.maxBytes)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${field} makes a ${sizeText(bytes)} file; the limit is ${sizeText(limits.maxBytes)}` });
    })
    .describe(help);
}

/** The multipart form of an upload: the CSV as file part `fileField`, the options as fields. */
export function csvUploadForm(
  fileField: string,
  limits: Pick<UploadLimits, 'column'>,
  rows: readonly unknown[],
  fields: MultipartForm['fields'],
  filename = 'upload.csv',
): MultipartForm {
  return { fields, files: [{ name: fileField, filename, contentType: 'text/csv', content: singleColumnCsv(limits.column, rows) }] };
}
