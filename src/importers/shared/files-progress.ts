/**
 * Byte progress over a sequence of files, for `ImportContext.onProgress`: each file's reader
 * reports bytes read in that file; this adds the files already done.
 *
 * @example
 * const progress = new FilesProgress(context.onProgress);
 * for (const file of files) {
 *   for await (const item of readSomething(file, progress.report)) { ... }
 *   progress.fileDone();
 * }
 */
export class FilesProgress {
  private bytesBefore = 0;
  private fileBytes = 0;

  constructor(private readonly onProgress?: (bytesRead: number) => void) {}

  readonly report = (bytes: number): void => {
    this.fileBytes = bytes;
    this.onProgress?.(this.bytesBefore + bytes);
  };

  fileDone(): void {
    this.bytesBefore += this.fileBytes;
    this.fileBytes = 0;
  }
}
